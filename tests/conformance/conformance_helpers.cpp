#include "conformance_fixture.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace xbl::conformance {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

char const* const kA = "XBL3.0 x=1001;device=dA&title=8397267&gamertag=Alpha";
char const* const kB = "XBL3.0 x=1002;device=dB&title=8397267&gamertag=Bravo";
char const* const kC = "XBL3.0 x=1003;device=dC&title=8397267";
char const* const kA2 = "XBL3.0 x=1004;device=dA&title=8397267";
char const* const kE = "XBL3.0 x=1005;device=dE&title=8397267";
char const* const kSrv = "XBL3.0 x=-;server=1&title=8397267";
char const* const kScid = testing::LocalSessionDirectory::kConformanceScid;

std::string Response::Header(std::string const& lower_name) const {
  auto it = headers.find(lower_name);
  return it == headers.end() ? std::string() : it->second;
}

Json Response::JsonBody() const {
  if (body.empty()) return nullptr;
  Json j = Json::parse(body, nullptr, false);
  return j.is_discarded() ? Json(nullptr) : j;
}

struct HttpClient::Impl {
  explicit Impl(std::uint16_t p) : port(p), socket(ioc) {}
  void Connect() {
    beast::error_code ignored;
    socket.close(ignored);
    socket = tcp::socket(ioc);
    socket.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
    buffer.clear();
  }
  std::uint16_t port;
  asio::io_context ioc;
  tcp::socket socket;
  beast::flat_buffer buffer;
  bool connected = false;
};

HttpClient::HttpClient(std::uint16_t port) : impl_(std::make_unique<Impl>(port)) {}
HttpClient::~HttpClient() = default;

Response HttpClient::Send(std::string const& method, std::string const& target,
                          std::map<std::string, std::string> const& headers, std::string const& body) {
  http::request<http::string_body> req;
  req.method_string(method);
  req.target(target);
  req.version(11);
  req.set(http::field::host, "127.0.0.1");
  for (auto const& h : headers) req.set(h.first, h.second);
  if (!body.empty() || method == "PUT" || method == "POST") {
    req.body() = body;
    if (!req.count(http::field::content_type)) req.set(http::field::content_type, "application/json");
  }
  req.keep_alive(true);
  req.prepare_payload();
  for (int attempt = 0; attempt < 2; ++attempt) {
    try {
      if (!impl_->connected) {
        impl_->Connect();
        impl_->connected = true;
      }
      http::write(impl_->socket, req);
      http::response_parser<http::string_body> parser;
      parser.body_limit(64 * 1024 * 1024);
      parser.skip(method == "HEAD");
      http::read(impl_->socket, impl_->buffer, parser);
      auto& res = parser.get();
      Response out;
      out.status = static_cast<int>(res.result_int());
      for (auto const& f : res) {
        std::string name(f.name_string());
        for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        out.headers[name] = std::string(f.value());
      }
      out.body = res.body();
      if (!res.keep_alive()) impl_->connected = false;
      return out;
    } catch (std::exception const&) {
      impl_->connected = false;  // the server closed a kept-alive connection: retry once fresh
      if (attempt == 1) throw;
    }
  }
  return {};
}

std::string HttpClient::SendRaw(std::uint16_t port, std::string const& bytes) {
  asio::io_context ioc;
  tcp::socket socket(ioc);
  socket.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  asio::write(socket, asio::buffer(bytes));
  socket.shutdown(tcp::socket::shutdown_send);
  std::string out;
  beast::error_code ec;
  char chunk[4096];
  for (;;) {
    std::size_t n = socket.read_some(asio::buffer(chunk), ec);
    if (ec) break;
    out.append(chunk, n);
  }
  return out;
}

Json JoinBody(std::string const& xuid, bool active) {
  Json me = {{"constants", {{"system", {{"xuid", xuid}}}}}};
  if (active) me["properties"] = {{"system", {{"active", true}}}};
  return Json{{"members", {{"me", me}}}};
}

std::string SessionPath(std::string const& template_name, std::string const& name, std::string const& scid) {
  return "/serviceconfigs/" + scid + "/sessiontemplates/" + template_name + "/sessions/" + name;
}

void ConformanceTest::SetUp() {
  testing::LocalSessionDirectoryOptions options;
  options.manual_clock = true;
  options.rate_limit = false;
  emulator_ = std::make_unique<testing::LocalSessionDirectory>(options);
  client_ = std::make_unique<HttpClient>(emulator_->port());
}

void ConformanceTest::TearDown() {
  client_.reset();
  emulator_.reset();
}

namespace {
std::map<std::string, std::string> WithDefaults(char const* who, std::map<std::string, std::string> headers) {
  if (!headers.count("X-Xbl-Contract-Version")) headers["X-Xbl-Contract-Version"] = "107";
  if (who && !headers.count("Authorization")) headers["Authorization"] = who;
  return headers;
}
}  // namespace

Response ConformanceTest::Put(char const* who, std::string const& path, Json const& body,
                              std::map<std::string, std::string> headers) {
  return client_->Send("PUT", path, WithDefaults(who, std::move(headers)), body.dump());
}

Response ConformanceTest::PutRaw(char const* who, std::string const& path, std::string const& body,
                                 std::map<std::string, std::string> headers) {
  return client_->Send("PUT", path, WithDefaults(who, std::move(headers)), body);
}

Response ConformanceTest::Get(char const* who, std::string const& path, std::map<std::string, std::string> headers) {
  return client_->Send("GET", path, WithDefaults(who, std::move(headers)));
}

Response ConformanceTest::Delete(char const* who, std::string const& path, std::map<std::string, std::string> headers) {
  return client_->Send("DELETE", path, WithDefaults(who, std::move(headers)));
}

Response ConformanceTest::Post(char const* who, std::string const& path, Json const& body,
                               std::map<std::string, std::string> headers) {
  return client_->Send("POST", path, WithDefaults(who, std::move(headers)), body.dump());
}

Response ConformanceTest::Admin(std::string const& method, std::string const& path, Json const& body) {
  return client_->Send(method, "/_emulator" + path, {}, body.is_null() ? std::string() : body.dump());
}

void ConformanceTest::Advance(std::int64_t ms) {
  ASSERT_TRUE(emulator_->AdvanceClock(std::chrono::milliseconds(ms)));
}

Json ConformanceTest::Create(char const* who, std::string const& xuid, std::string const& template_name,
                             std::string const& name) {
  Response r = Put(who, SessionPath(template_name, name), JoinBody(xuid));
  EXPECT_EQ(r.status, 201) << r.body;
  return r.JsonBody();
}

}  // namespace xbl::conformance
