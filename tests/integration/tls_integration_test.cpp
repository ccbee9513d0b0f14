// TLS through CpprestHttpTransport: certificate validation is on unless turned off.
// The server is an in-process Boost.Asio TLS listener on 127.0.0.1 with a self-signed
// certificate made at test time (never trusted by the system store).
#include "xbl/http/cpprest_http_transport.h"
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <sys/socket.h>
#include <atomic>
#include <future>
#include <thread>

namespace xbl::testing {
namespace {

namespace asio = boost::asio;
namespace ssl = boost::asio::ssl;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;

/// A self-signed certificate for CN=127.0.0.1 and its EC P-256 key.
struct SelfSigned {
  SelfSigned() {
    key = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
    cert = X509_new();
    if (key == nullptr || cert == nullptr) return;
    X509_set_version(cert, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
    X509_gmtime_adj(X509_getm_notBefore(cert), -3600);
    X509_gmtime_adj(X509_getm_notAfter(cert), 3600);
    X509_set_pubkey(cert, key);
    X509_NAME* name = X509_get_subject_name(cert);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<unsigned char const*>("127.0.0.1"), -1, -1,
                               0);
    X509_set_issuer_name(cert, name);
    ok = X509_sign(cert, key, EVP_sha256()) > 0;
  }
  ~SelfSigned() {
    X509_free(cert);
    EVP_PKEY_free(key);
  }
  EVP_PKEY* key = nullptr;
  X509* cert = nullptr;
  bool ok = false;
};

/// Answers every request with 200 "tls-ok"; one connection at a time.
class TlsServer {
 public:
  TlsServer() : context_(ssl::context::tls_server) {
    SSL_CTX_use_certificate(context_.native_handle(), credentials_.cert);
    SSL_CTX_use_PrivateKey(context_.native_handle(), credentials_.key);
    port_ = acceptor_.local_endpoint().port();
    thread_ = std::thread([this] { Run(); });
  }
  ~TlsServer() {
    stopping_ = true;
    ::shutdown(acceptor_.native_handle(), SHUT_RDWR);
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (current_ != nullptr) ::shutdown(current_->native_handle(), SHUT_RDWR);
    }
    thread_.join();
  }
  bool ready() const { return credentials_.ok; }
  std::string url() const { return "https://127.0.0.1:" + std::to_string(port_) + "/tls"; }
  int handshakes_completed() const { return handshakes_.load(); }

 private:
  void Run() {
    while (!stopping_) {
      tcp::socket socket(io_);
      boost::system::error_code ec;
      acceptor_.accept(socket, ec);
      if (ec) continue;
      ssl::stream<tcp::socket> stream(std::move(socket), context_);
      {
        std::lock_guard<std::mutex> lock(mutex_);
        current_ = &stream.next_layer();
      }
      stream.handshake(ssl::stream_base::server, ec);
      if (!ec) {
        ++handshakes_;
        boost::beast::flat_buffer buffer;
        http::request<http::string_body> request;
        http::read(stream, buffer, request, ec);
        if (!ec) {
          http::response<http::string_body> response{http::status::ok, request.version()};
          response.set(http::field::content_type, "text/plain");
          response.body() = "tls-ok";
          response.keep_alive(false);
          response.prepare_payload();
          http::write(stream, response, ec);
          stream.shutdown(ec);
        }
      }
      std::lock_guard<std::mutex> lock(mutex_);
      current_ = nullptr;
      boost::system::error_code ignored;
      stream.next_layer().close(ignored);
    }
  }

  SelfSigned credentials_;
  asio::io_context io_;
  ssl::context context_;
  tcp::acceptor acceptor_{io_, tcp::endpoint(asio::ip::address_v4::loopback(), 0)};
  unsigned short port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<int> handshakes_{0};
  std::mutex mutex_;
  tcp::socket* current_ = nullptr;
  std::thread thread_;
};

Result<HttpResponse> Get(HttpTransport& transport, std::string const& url) {
  HttpRequest request;
  request.url = url;
  request.timeout = std::chrono::seconds(5);
  auto task = transport.SendAsync(request, pplx::cancellation_token::none());
  return task.get();  // the transport's own deadline bounds this wait
}

TEST(TlsIntegrationTest, UntrustedCertificateIsRejectedByDefault) {
  TlsServer server;
  ASSERT_TRUE(server.ready());
  auto transport = MakeCpprestHttpTransport();  // validate_certificates defaults to true
  auto result = Get(*transport, server.url());
  ASSERT_FALSE(result.ok()) << "a self-signed certificate was accepted";
  EXPECT_EQ(result.error().code, ErrorCode::kNetwork) << result.error().ToString();
  EXPECT_EQ(server.handshakes_completed(), 0);
  transport->Shutdown();
}

TEST(TlsIntegrationTest, ValidationCanBeTurnedOffForALocalTestServer) {
  TlsServer server;
  ASSERT_TRUE(server.ready());
  CpprestHttpTransportOptions options;
  options.validate_certificates = false;
  auto transport = MakeCpprestHttpTransport(options);
  auto result = Get(*transport, server.url());
  ASSERT_TRUE(result.ok()) << result.error().ToString();
  EXPECT_EQ(result->status, 200);
  EXPECT_EQ(result->body, "tls-ok");
  EXPECT_EQ(server.handshakes_completed(), 1);
  transport->Shutdown();
}

}  // namespace
}  // namespace xbl::testing
