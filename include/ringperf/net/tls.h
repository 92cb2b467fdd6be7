// TLS as a transform over engine-owned buffers (wolfSSL with custom I/O callbacks): the
// event loop feeds received ciphertext in and sends what the session leaves in its output
// buffer; the HTTP layer above only ever sees plaintext. No socket is touched here.
//
// Thread-safety: a tls_context belongs to one worker thread, and so do its sessions.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "ringperf/base/result.h"
#include "ringperf/net/address.h"

namespace ringperf::net {

struct tls_options {
    // Check the server's certificate chain against the trusted CAs and its name (or IP
    // address) against the host. Off: any certificate is accepted (self-signed test servers).
    bool verify = true;
    // PEM file of CAs to trust instead of the system's.
    std::string ca_file;
};

class tls_context {
  public:
    // Errors name what could not be loaded (the CA file, the system store).
    static result<std::unique_ptr<tls_context>> create(const tls_options& o);
    ~tls_context();
    tls_context(const tls_context&) = delete;
    tls_context& operator=(const tls_context&) = delete;

    struct impl;
    impl& get() { return *p_; }

  private:
    explicit tls_context(std::unique_ptr<impl> p);
    std::unique_ptr<impl> p_;
};

enum class tls_status { ok, want_read, closed, error };

class tls_session {
  public:
    // `host`: sent as SNI (unless an IP literal) and checked against the certificate.
    static result<std::unique_ptr<tls_session>> create(tls_context& ctx, const std::string& host);
    ~tls_session();
    tls_session(const tls_session&) = delete;
    tls_session& operator=(const tls_session&) = delete;

    // Appends ciphertext received from the server.
    void feed(std::string_view ciphertext);
    // Advances the handshake: ok once it is complete, want_read while it needs input.
    // Send pending_output() after every call.
    tls_status handshake();
    bool handshake_done() const;
    // Appends all plaintext that can be decrypted from the input so far to `out`; want_read
    // when it needs more input, closed after the server's close_notify.
    tls_status read(std::string& out);
    // Encrypts `plaintext` into the output buffer (which grows: never want_write).
    tls_status write(std::string_view plaintext);
    // Ciphertext waiting to be sent, and how much of it has been taken for sending.
    std::string_view pending_output() const;
    void consume_output(std::size_t n);
    // What went wrong, after an error status ("certificate verification failed: ...").
    const std::string& last_error() const;

    struct impl;  // defined in tls.cpp; the I/O callbacks need it

  private:
    explicit tls_session(std::unique_ptr<impl> p);
    std::unique_ptr<impl> p_;
};

// Frees the calling thread's TLS caches (wolfSSL keeps a per-thread ECC point cache). Call
// at the end of every thread that ran handshakes.
void tls_thread_cleanup();

// Connects and completes one TLS handshake with blocking I/O within `timeout_ms`, then
// closes: the pre-flight check that reports certificate problems before a run starts.
result<void> probe_tls(const address& a, const std::string& host, const tls_options& o,
                       int timeout_ms);

}  // namespace ringperf::net
