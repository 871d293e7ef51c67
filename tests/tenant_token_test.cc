#include "gateway/tenant_token.h"

#include <gtest/gtest.h>

#include <string>

#include "common/sha256.h"
#include "sql/analyzer.h"

namespace edgesql::gateway {
namespace {

std::string Hex(const Sha256Digest& d) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (uint8_t b : d) {
    out += kHex[b >> 4];
    out += kHex[b & 15];
  }
  return out;
}

// FIPS 180-4 examples and RFC 4231's HMAC cases (checked against Python's
// hashlib and hmac), plus lengths around the padding boundary.
TEST(Sha256Test, KnownAnswers) {
  EXPECT_EQ(Hex(Sha256Of("")), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Hex(Sha256Of("abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Hex(Sha256Of("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(Hex(Sha256Of(std::string(55, 'x'))),
            "d5e285683cd4efc02d021a5c62014694958901005d6f71e89e0989fac77e4072");
  EXPECT_EQ(Hex(Sha256Of(std::string(56, 'x'))),
            "04c26261370ee7541549d16dee320c723e3fd14671e66a099afe0a377c16888e");
  EXPECT_EQ(Hex(Sha256Of(std::string(64, 'x'))),
            "7ce100971f64e7001e8fe5a51973ecdfe1ced42befe7ee8d5fd6219506b5393c");
  // A million a's, fed in uneven pieces.
  Sha256 h;
  const std::string chunk(997, 'a');
  size_t left = 1000000;
  while (left > 0) {
    const size_t n = std::min(left, chunk.size());
    h.Update(std::string_view(chunk).substr(0, n));
    left -= n;
  }
  EXPECT_EQ(Hex(h.Finish()), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");

  EXPECT_EQ(Hex(HmacSha256(std::string(20, '\x0b'), "Hi There")),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
  EXPECT_EQ(Hex(HmacSha256("Jefe", "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  EXPECT_EQ(Hex(HmacSha256(std::string(131, '\xaa'),
                           "Test Using Larger Than Block-Size Key - Hash Key First")),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
  EXPECT_TRUE(ConstantTimeEqual("abc", "abc"));
  EXPECT_FALSE(ConstantTimeEqual("abc", "abd"));
  EXPECT_FALSE(ConstantTimeEqual("abc", "ab"));
}

TEST(TenantTokenTest, Base64UrlRoundTripsAndRejectsNonCanonicalText) {
  for (std::string s : {"", "f", "fo", "foo", "foob", "fooba", "foobar", "\xff\xfe\xfd"}) {
    EXPECT_EQ(Base64UrlDecode(Base64UrlEncode(s)).value_or("<bad>"), s);
  }
  EXPECT_EQ(Base64UrlEncode("foobar"), "Zm9vYmFy");
  EXPECT_EQ(Base64UrlEncode("\xfb\xff"), "-_8");
  EXPECT_FALSE(Base64UrlDecode("Zm9v+mFy"));  // '+' is base64, not base64url
  EXPECT_FALSE(Base64UrlDecode("Zm9vY"));     // 5 characters end mid-byte
  EXPECT_FALSE(Base64UrlDecode("Zh"));        // leftover bits must be zero ("Zg" is "f")
}

constexpr std::string_view kSecret = "dev-secret-do-not-use-in-production";
constexpr int64_t kNow = 1'800'000'000;

std::string Sign(std::string_view header, std::string_view claims,
                 std::string_view secret = kSecret) {
  std::string signing = Base64UrlEncode(header) + "." + Base64UrlEncode(claims);
  const Sha256Digest mac = HmacSha256(secret, signing);
  return signing + "." +
         Base64UrlEncode(std::string_view(reinterpret_cast<const char*>(mac.data()), mac.size()));
}

constexpr std::string_view kHs256 = R"({"alg":"HS256","typ":"JWT"})";

TEST(TenantTokenTest, AcceptsAWellSignedToken) {
  Result<TenantClaims> c = VerifyTenantToken(
      Sign(kHs256, R"({"tenant_id":"acme","permissions":["read","write"],"exp":1800000060})"),
      kSecret, kNow);
  ASSERT_TRUE(c.ok()) << c.error().message();
  EXPECT_EQ(c.value().tenant, "acme");
  EXPECT_TRUE(c.value().read);
  EXPECT_TRUE(c.value().write);
  EXPECT_FALSE(c.value().ddl);
  EXPECT_EQ(c.value().expires_at, 1800000060);

  // No tenant_id: an operator's token, bound to no tenant.
  c = VerifyTenantToken(Sign(kHs256, R"({"permissions":["ddl"],"exp":1800000060})"), kSecret, kNow);
  ASSERT_TRUE(c.ok()) << c.error().message();
  EXPECT_EQ(c.value().tenant, "");
  EXPECT_TRUE(c.value().ddl);
}

TEST(TenantTokenTest, RejectsEveryKindOfBadToken) {
  const std::string claims = R"({"tenant_id":"acme","permissions":["read"],"exp":1800000060})";
  const std::string good = Sign(kHs256, claims);
  struct Case {
    std::string token;
    std::string why;
  };
  std::string tampered = good;
  tampered[good.find('.') + 3] ^= 1;  // one bit of the claims
  const Case cases[] = {
      {"", "is not a JWT (header.claims.signature)"},
      {"a.b", "is not a JWT (header.claims.signature)"},
      {good + ".x", "is not a JWT (header.claims.signature)"},
      {"%%%." + good.substr(good.find('.') + 1), "has a header that is not base64url"},
      {Sign(R"({"alg":"none"})", claims), "is not signed with HS256"},
      {Sign(R"({"alg":"HS512"})", claims), "is not signed with HS256"},
      {Sign(R"({"typ":"JWT"})", claims), "is not signed with HS256"},
      {Sign(kHs256, claims, "another-secret"), "has a bad signature"},
      {tampered, "has a bad signature"},
      {good.substr(0, good.rfind('.') + 1), "has a bad signature"},
      {Sign(kHs256, "[1,2]"), "has a claims part that is not a JSON object"},
      {Sign(kHs256, R"({"tenant_id":"acme","permissions":["read"]})"), "has no exp claim"},
      {Sign(kHs256, R"({"tenant_id":"acme","permissions":["read"],"exp":1800000000})"),
       "has expired"},
      {Sign(kHs256, R"({"permissions":["read"],"exp":1800000060,"nbf":1800000001})"),
       "is not valid yet (nbf)"},
      {Sign(kHs256, R"({"tenant_id":"","permissions":["read"],"exp":1800000060})"),
       "has a tenant_id that is not a non-empty string"},
      {Sign(kHs256, R"({"tenant_id":7,"permissions":["read"],"exp":1800000060})"),
       "has a tenant_id that is not a non-empty string"},
      {Sign(kHs256, R"({"tenant_id":"acme","exp":1800000060})"), "has no permissions list"},
      {Sign(kHs256, R"({"tenant_id":"acme","permissions":["admin"],"exp":1800000060})"),
       "has a permission other than read, write and ddl"},
  };
  for (const Case& c : cases) {
    Result<TenantClaims> r = VerifyTenantToken(c.token, kSecret, kNow);
    ASSERT_FALSE(r.ok()) << c.why;
    EXPECT_EQ(r.error().errnum(), 1045);
    EXPECT_EQ(r.error().message(), "Access denied: tenant token " + c.why);
  }
  EXPECT_EQ(VerifyTenantToken(good, "", kNow).error().message(),
            "Access denied: tenant token cannot be checked: no signing secret is configured");
}

// Why `r` was refused ("" when it was not), without the common prefix.
std::string Refusal(const Result<TenantClaims>& r) {
  return r.ok() ? ""
                : r.error().message().substr(std::string("Access denied: tenant token ").size());
}

// A token that passed is remembered, and still judged by the clock each
// time; a failed one is never remembered, and a token remembered under one
// secret means nothing under another.
TEST(TenantTokenTest, ARememberedTokenIsStillJudgedByTheClock) {
  const std::string claims =
      R"({"tenant_id":"clock","permissions":["read"],"exp":1800000060,"nbf":1799999990})";
  const std::string token = Sign(kHs256, claims);
  EXPECT_EQ(Refusal(VerifyTenantToken(token, kSecret, 1799999980)), "is not valid yet (nbf)");
  ASSERT_TRUE(VerifyTenantToken(token, kSecret, kNow).ok());
  EXPECT_EQ(VerifyTenantToken(token, kSecret, kNow).value().tenant, "clock");
  EXPECT_EQ(Refusal(VerifyTenantToken(token, kSecret, 1799999980)), "is not valid yet (nbf)");
  EXPECT_EQ(Refusal(VerifyTenantToken(token, kSecret, 1800000060)), "has expired");
  EXPECT_TRUE(VerifyTenantToken(token, kSecret, kNow).ok());

  EXPECT_EQ(Refusal(VerifyTenantToken(token, "another-secret", kNow)), "has a bad signature");
  // Signed under the other secret: good there, and still bad under ours.
  const std::string other = Sign(kHs256, claims, "another-secret");
  EXPECT_TRUE(VerifyTenantToken(other, "another-secret", kNow).ok());
  EXPECT_EQ(Refusal(VerifyTenantToken(other, kSecret, kNow)), "has a bad signature");

  // More tokens than are remembered: the first is verified again, and passes.
  for (int i = 0; i <= static_cast<int>(kVerifiedTokens); ++i) {
    const std::string each = Sign(kHs256, R"({"tenant_id":"t)" + std::to_string(i) +
                                              R"(","permissions":["read"],"exp":1800000060})");
    ASSERT_TRUE(VerifyTenantToken(each, kSecret, kNow).ok());
  }
  EXPECT_EQ(VerifyTenantToken(token, kSecret, kNow).value().tenant, "clock");
}

TEST(TenantTokenTest, PermissionsFollowTheStatement) {
  auto check = [](const TenantClaims& claims, std::string_view sql) -> std::string {
    Result<sql::Analysis> a = sql::Analyze(sql);
    EXPECT_TRUE(a.ok());
    Status s = CheckPermission(claims, a.value().statements[0]);
    return s.ok() ? "ok" : std::to_string(s.error().errnum()) + " " + s.error().message();
  };
  TenantClaims reader{"acme", true, false, false, 0};
  EXPECT_EQ(check(reader, "SELECT * FROM orders"), "ok");
  EXPECT_EQ(check(reader, "UPDATE orders SET a = 1"),
            "1142 UPDATE command denied to tenant 'acme' for table 'orders' (the token lacks the "
            "write permission)");
  EXPECT_EQ(check(reader, "CREATE TABLE t (a INT)"),
            "1142 CREATE TABLE command denied to tenant 'acme' for table 't' (the token lacks the "
            "ddl permission)");
  TenantClaims writer{"", false, true, false, 0};
  EXPECT_EQ(check(writer, "INSERT INTO t VALUES (1)"), "ok");
  EXPECT_EQ(check(writer, "SELECT 1"),
            "1142 SELECT command denied to this token (the token lacks the read permission)");
}

}  // namespace
}  // namespace edgesql::gateway
