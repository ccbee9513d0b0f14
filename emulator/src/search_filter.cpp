#include "search_filter.h"

#include "http_message.h"

#include <cctype>
#include <vector>

namespace xbl::emulator {

struct SearchFilter::Node {
  enum class Kind { kAnd, kOr, kCompare, kAny };
  Kind kind = Kind::kCompare;
  std::vector<std::unique_ptr<Node>> children;  // kAnd / kOr; kAny: one body
  // kCompare
  std::string path;  // a resolvable path, or the lambda variable
  bool lower = false;
  std::string op;
  Json literal;
  // kAny
  std::string variable;
};

namespace {

using Node = SearchFilter::Node;

// The parser and the evaluator recurse once per parenthesis, so a filter any caller can send must not
// nest deeper than this (real filters nest two or three levels).
constexpr int kMaxFilterDepth = 32;

struct Token {
  enum class Type { kWord, kString, kNumber, kLParen, kRParen, kColon, kEnd };
  Type type;
  std::string text;
  Json value;
};

bool Tokenize(std::string const& s, std::vector<Token>& out, std::string* error) {
  std::size_t i = 0;
  while (i < s.size()) {
    char c = s[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
    } else if (c == '(') {
      out.push_back({Token::Type::kLParen, "(", nullptr});
      ++i;
    } else if (c == ')') {
      out.push_back({Token::Type::kRParen, ")", nullptr});
      ++i;
    } else if (c == ':') {
      out.push_back({Token::Type::kColon, ":", nullptr});
      ++i;
    } else if (c == '\'') {
      std::string text;
      ++i;
      bool closed = false;
      while (i < s.size()) {
        if (s[i] == '\'') {
          if (i + 1 < s.size() && s[i + 1] == '\'') {
            text.push_back('\'');
            i += 2;
            continue;
          }
          closed = true;
          ++i;
          break;
        }
        text.push_back(s[i++]);
      }
      if (!closed) {
        *error = "unterminated string literal";
        return false;
      }
      out.push_back({Token::Type::kString, text, Json(text)});
    } else if (std::isdigit(static_cast<unsigned char>(c)) || (c == '-' && i + 1 < s.size() && std::isdigit(static_cast<unsigned char>(s[i + 1])))) {
      std::size_t start = i++;
      while (i < s.size() && (std::isdigit(static_cast<unsigned char>(s[i])) || s[i] == '.')) ++i;
      std::string text = s.substr(start, i - start);
      auto parsed = ParseJson(text);
      if (!parsed || !parsed->is_number()) {
        *error = "bad number '" + text + "'";
        return false;
      }
      out.push_back({Token::Type::kNumber, text, *parsed});
    } else if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
      std::size_t start = i;
      while (i < s.size() && (std::isalnum(static_cast<unsigned char>(s[i])) || s[i] == '_' || s[i] == '/' || s[i] == '.')) ++i;
      out.push_back({Token::Type::kWord, s.substr(start, i - start), nullptr});
    } else {
      *error = std::string("unexpected character '") + c + "'";
      return false;
    }
  }
  out.push_back({Token::Type::kEnd, "", nullptr});
  return true;
}

class Parser {
 public:
  Parser(std::vector<Token> tokens, std::string* error) : t_(std::move(tokens)), error_(error) {}

  std::unique_ptr<Node> ParseRoot() {
    auto left = ParseAnd("");
    if (!left) return nullptr;
    if (IsWord("or")) {
      ++pos_;
      auto right = ParseAnd("");
      if (!right) return nullptr;
      if (IsWord("or")) return Fail("at most one 'or' is allowed in a search filter");
      auto node = std::make_unique<Node>();
      node->kind = Node::Kind::kOr;
      node->children.push_back(std::move(left));
      node->children.push_back(std::move(right));
      left = std::move(node);
    }
    if (t_[pos_].type != Token::Type::kEnd) return Fail("unexpected '" + t_[pos_].text + "'");
    return left;
  }

 private:
  bool IsWord(char const* w) const { return t_[pos_].type == Token::Type::kWord && ToLower(t_[pos_].text) == w; }
  std::unique_ptr<Node> Fail(std::string const& message) {
    if (error_->empty()) *error_ = message;
    return nullptr;
  }

  std::unique_ptr<Node> ParseAnd(std::string const& var) {
    auto first = ParseTerm(var);
    if (!first) return nullptr;
    if (!IsWord("and")) return first;
    auto node = std::make_unique<Node>();
    node->kind = Node::Kind::kAnd;
    node->children.push_back(std::move(first));
    while (IsWord("and")) {
      ++pos_;
      auto next = ParseTerm(var);
      if (!next) return nullptr;
      node->children.push_back(std::move(next));
    }
    return node;
  }

  std::unique_ptr<Node> ParseTerm(std::string const& var) {
    Token const& tok = t_[pos_];
    if (tok.type == Token::Type::kLParen) {
      if (depth_ >= kMaxFilterDepth)
        return Fail("parentheses nest deeper than " + std::to_string(kMaxFilterDepth) + " levels");
      ++pos_;
      ++depth_;
      auto inner = ParseAnd(var);
      --depth_;
      if (!inner) return nullptr;
      if (IsWord("or")) return Fail("'or' is only allowed at the root of a search filter");
      if (t_[pos_].type != Token::Type::kRParen) return Fail("missing ')'");
      ++pos_;
      return inner;
    }
    if (tok.type != Token::Type::kWord) return Fail("expected a path or function, got '" + tok.text + "'");
    std::string word = tok.text;
    if (word.size() > 4 && ToLower(word.substr(word.size() - 4)) == "/any" &&
        t_[pos_ + 1].type == Token::Type::kLParen) {
      if (!var.empty()) return Fail("nested lambdas are not supported");
      pos_ += 2;
      if (t_[pos_].type != Token::Type::kWord || t_[pos_ + 1].type != Token::Type::kColon)
        return Fail("expected 'd:' in any()");
      auto node = std::make_unique<Node>();
      node->kind = Node::Kind::kAny;
      node->path = word.substr(0, word.size() - 4);
      node->variable = t_[pos_].text;
      pos_ += 2;
      auto body = ParseAnd(node->variable);
      if (!body) return nullptr;
      if (IsWord("or")) return Fail("'or' is only allowed at the root of a search filter");
      if (t_[pos_].type != Token::Type::kRParen) return Fail("missing ')' after any()");
      ++pos_;
      node->children.push_back(std::move(body));
      return node;
    }
    auto node = std::make_unique<Node>();
    node->kind = Node::Kind::kCompare;
    if (t_[pos_ + 1].type == Token::Type::kLParen) {
      if (ToLower(word) != "tolower") return Fail("unsupported function '" + word + "'");
      pos_ += 2;
      if (t_[pos_].type != Token::Type::kWord || t_[pos_ + 1].type != Token::Type::kRParen)
        return Fail("tolower takes one path");
      node->path = t_[pos_].text;
      node->lower = true;
      pos_ += 2;
    } else {
      node->path = word;
      ++pos_;
    }
    if (!var.empty() && node->path != var) return Fail("inside any(), compare the lambda variable '" + var + "'");
    static char const* const kOps[] = {"eq", "ne", "gt", "ge", "lt", "le"};
    bool ok = false;
    for (char const* op : kOps) ok = ok || IsWord(op);
    if (!ok) return Fail("expected a comparison operator after '" + node->path + "'");
    node->op = ToLower(t_[pos_++].text);
    Token const& lit = t_[pos_];
    if (lit.type == Token::Type::kString || lit.type == Token::Type::kNumber) {
      node->literal = lit.value;
    } else if (IsWord("true") || IsWord("false")) {
      node->literal = IsWord("true");
    } else if (IsWord("null")) {
      node->literal = nullptr;
    } else {
      return Fail("expected a literal after '" + node->op + "'");
    }
    ++pos_;
    return node;
  }

  std::vector<Token> t_;
  std::string* error_;
  std::size_t pos_ = 0;
  int depth_ = 0;  // open parentheses around the current term
};

bool Compare(Json value, bool lower, std::string const& op, Json const& literal) {
  if (lower && value.is_string()) value = ToLower(value.get<std::string>());
  if (value.is_null()) return op == "ne" ? !literal.is_null() : (op == "eq" && literal.is_null());
  if (op == "eq") return value == literal;
  if (op == "ne") return value != literal;
  bool comparable = (value.is_number() && literal.is_number()) || (value.is_string() && literal.is_string());
  if (!comparable) return false;
  if (op == "gt") return value > literal;
  if (op == "ge") return value >= literal;
  if (op == "lt") return value < literal;
  return value <= literal;  // le
}

bool Eval(Node const& n, SearchFilter::Resolver const& resolve, Json const* bound) {
  switch (n.kind) {
    case Node::Kind::kAnd:
      for (auto const& c : n.children)
        if (!Eval(*c, resolve, bound)) return false;
      return true;
    case Node::Kind::kOr:
      for (auto const& c : n.children)
        if (Eval(*c, resolve, bound)) return true;
      return false;
    case Node::Kind::kAny: {
      Json collection = resolve(n.path).value_or(Json());
      if (!collection.is_array()) return false;
      for (auto const& element : collection)
        if (Eval(*n.children[0], resolve, &element)) return true;
      return false;
    }
    case Node::Kind::kCompare: {
      Json value = bound ? *bound : resolve(n.path).value_or(Json());
      return Compare(value, n.lower, n.op, n.literal);
    }
  }
  return false;
}

bool Check(Node const& n, SearchFilter::Resolver const& resolve, std::string* error, bool in_lambda) {
  if (n.kind == Node::Kind::kCompare && !in_lambda && !resolve(n.path)) {
    *error = "unsupported search filter path '" + n.path + "'";
    return false;
  }
  if (n.kind == Node::Kind::kAny && !resolve(n.path)) {
    *error = "unsupported search filter collection '" + n.path + "'";
    return false;
  }
  for (auto const& c : n.children)
    if (!Check(*c, resolve, error, in_lambda || n.kind == Node::Kind::kAny)) return false;
  return true;
}

}  // namespace

SearchFilter::~SearchFilter() = default;

std::shared_ptr<SearchFilter> SearchFilter::Parse(std::string const& text, std::string* error) {
  std::vector<Token> tokens;
  error->clear();
  if (!Tokenize(text, tokens, error)) return nullptr;
  Parser parser(std::move(tokens), error);
  auto root = parser.ParseRoot();
  if (!root) return nullptr;
  auto filter = std::shared_ptr<SearchFilter>(new SearchFilter());
  filter->root_ = std::move(root);
  return filter;
}

bool SearchFilter::Validate(Resolver const& resolver, std::string* error) const {
  return Check(*root_, resolver, error, false);
}

bool SearchFilter::Matches(Resolver const& resolver) const { return Eval(*root_, resolver, nullptr); }

}  // namespace xbl::emulator
