// SHA-256 (FIPS 180-4) and HMAC-SHA256 (RFC 2104): what verifying an HS256
// tenant token needs, in the core so that the token's meaning (claims,
// expiry, tenant) is decided in one place, not in the JS shim.
#ifndef EDGESQL_COMMON_SHA256_H_
#define EDGESQL_COMMON_SHA256_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace edgesql {

using Sha256Digest = std::array<uint8_t, 32>;

class Sha256 {
 public:
  Sha256();
  void Update(std::string_view data);
  Sha256Digest Finish();  // the object is spent afterwards

 private:
  void Block(const uint8_t* block);

  std::array<uint32_t, 8> state_;
  std::array<uint8_t, 64> buffer_{};
  size_t buffered_ = 0;
  uint64_t length_ = 0;  // bytes hashed so far
};

Sha256Digest Sha256Of(std::string_view data);
Sha256Digest HmacSha256(std::string_view key, std::string_view message);

// Equal contents, in time independent of where they first differ.
bool ConstantTimeEqual(std::string_view a, std::string_view b);

}  // namespace edgesql

#endif  // EDGESQL_COMMON_SHA256_H_
