#include "common/json_reader.h"

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

namespace edgesql {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// The bytes of the well-formed UTF-8 sequence starting at `p` (whose first
// byte is not ASCII), or 0. Unicode's table 3-7, as nlohmann checks it: no
// overlong forms, no encoded surrogates, nothing above U+10FFFF.
size_t Utf8Length(const unsigned char* p, const unsigned char* end) {
  auto in = [&](size_t i, unsigned char lo, unsigned char hi) {
    return p + i < end && p[i] >= lo && p[i] <= hi;
  };
  const unsigned char c = p[0];
  if (c >= 0xC2 && c <= 0xDF) return in(1, 0x80, 0xBF) ? 2 : 0;
  if (c == 0xE0) return in(1, 0xA0, 0xBF) && in(2, 0x80, 0xBF) ? 3 : 0;
  if (c == 0xED) return in(1, 0x80, 0x9F) && in(2, 0x80, 0xBF) ? 3 : 0;
  if (c >= 0xE1 && c <= 0xEF) return in(1, 0x80, 0xBF) && in(2, 0x80, 0xBF) ? 3 : 0;
  if (c == 0xF0) return in(1, 0x90, 0xBF) && in(2, 0x80, 0xBF) && in(3, 0x80, 0xBF) ? 4 : 0;
  if (c >= 0xF1 && c <= 0xF3) {
    return in(1, 0x80, 0xBF) && in(2, 0x80, 0xBF) && in(3, 0x80, 0xBF) ? 4 : 0;
  }
  if (c == 0xF4) return in(1, 0x80, 0x8F) && in(2, 0x80, 0xBF) && in(3, 0x80, 0xBF) ? 4 : 0;
  return 0;
}

void AppendUtf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

class Reader {
 public:
  explicit Reader(std::string_view text)
      : p_(reinterpret_cast<const unsigned char*>(text.data())), end_(p_ + text.size()) {}

  std::optional<Json> Read() {
    SkipByteOrderMark();
    Json root;
    if (!ok_ || !ReadAll(root)) return std::nullopt;
    SkipSpace();
    if (p_ != end_) return std::nullopt;
    return root;
  }

 private:
  // nlohmann accepts a byte order mark before the value, and only a whole one.
  void SkipByteOrderMark() {
    if (p_ == end_ || *p_ != 0xEF) return;
    ok_ = end_ - p_ >= 3 && p_[1] == 0xBB && p_[2] == 0xBF;
    p_ += 3;
  }

  void SkipSpace() {
    while (p_ != end_ && IsSpace(static_cast<char>(*p_))) ++p_;
  }

  // True and past `c` if it comes next (after whitespace).
  bool Take(unsigned char c) {
    SkipSpace();
    if (p_ == end_ || *p_ != c) return false;
    ++p_;
    return true;
  }

  // The value at p_ into `root`. Containers are kept on a stack of their
  // own, not the call stack, so any depth reads: while one is open only its
  // newest member changes, and that never moves the containers above it.
  bool ReadAll(Json& root) {
    std::vector<Json*> open;
    Json* slot = &root;
    for (;;) {
      SkipSpace();
      if (p_ == end_) return false;
      if (*p_ == '[' || *p_ == '{') {
        const bool array = *p_ == '[';
        ++p_;
        *slot = array ? Json::array() : Json::object();
        if (!Take(array ? ']' : '}')) {
          open.push_back(slot);
          if (!(slot = NextMember(*slot))) return false;
          continue;
        }
      } else if (!ReadScalar(*slot)) {
        return false;
      }
      // A value is complete: go on in the innermost open container, or
      // close it.
      for (;;) {
        if (open.empty()) return true;
        Json& container = *open.back();
        SkipSpace();
        if (p_ == end_) return false;
        if (*p_ == ',') {
          ++p_;
          if (!(slot = NextMember(container))) return false;
          break;
        }
        if (*p_ != (container.is_array() ? ']' : '}')) return false;
        ++p_;
        open.pop_back();
      }
    }
  }

  // The slot of a container's next member (its first, or the one after a
  // comma): a new element, or
  // the value of the name read here.
  Json* NextMember(Json& container) {
    if (container.is_array()) {
      return &container.get_ref<Json::array_t&>().emplace_back();
    }
    if (!Take('"')) return nullptr;
    std::string name;
    if (!ReadString(name) || !Take(':')) return nullptr;
    // A repeated name keeps its place and takes the new value, as nlohmann's.
    return &container.get_ref<Json::object_t&>()[std::move(name)];
  }

  bool ReadScalar(Json& out) {
    switch (*p_) {
      case '"': {
        ++p_;
        std::string s;
        if (!ReadString(s)) return false;
        out = std::move(s);
        return true;
      }
      case 't':
        return ReadWord("true", out, Json(true));
      case 'f':
        return ReadWord("false", out, Json(false));
      case 'n':
        return ReadWord("null", out, Json(nullptr));
      default:
        return ReadNumber(out);
    }
  }

  bool ReadWord(std::string_view word, Json& out, Json value) {
    if (static_cast<size_t>(end_ - p_) < word.size() ||
        std::string_view(reinterpret_cast<const char*>(p_), word.size()) != word) {
      return false;
    }
    p_ += word.size();
    out = std::move(value);
    return true;
  }

  // After the opening quote; leaves p_ past the closing one. Runs of plain
  // characters are appended whole.
  bool ReadString(std::string& out) {
    const unsigned char* run = p_;
    for (;;) {
      if (p_ == end_) return false;
      const unsigned char c = *p_;
      if (c == '"') {
        out.append(reinterpret_cast<const char*>(run), p_ - run);
        ++p_;
        return true;
      }
      if (c == '\\') {
        out.append(reinterpret_cast<const char*>(run), p_ - run);
        ++p_;
        if (!ReadEscape(out)) return false;
        run = p_;
      } else if (c < 0x20) {
        return false;  // control characters must be escaped
      } else if (c < 0x80) {
        ++p_;
      } else {
        const size_t n = Utf8Length(p_, end_);
        if (n == 0) return false;
        p_ += n;
      }
    }
  }

  // After the backslash.
  bool ReadEscape(std::string& out) {
    if (p_ == end_) return false;
    const char c = static_cast<char>(*p_++);
    // The one-character escapes and what each stands for.
    static constexpr std::pair<char, char> kShort[] = {{'"', '"'},  {'\\', '\\'}, {'/', '/'},
                                                       {'b', '\b'}, {'f', '\f'},  {'n', '\n'},
                                                       {'r', '\r'}, {'t', '\t'}};
    for (const auto& [escape, meaning] : kShort) {
      if (c == escape) {
        out.push_back(meaning);
        return true;
      }
    }
    if (c != 'u') return false;
    int32_t cp = Hex4();
    if (cp < 0 || (cp >= 0xDC00 && cp <= 0xDFFF)) return false;
    if (cp >= 0xD800 && cp <= 0xDBFF) {
      // A high surrogate: a low one must follow, escaped.
      if (end_ - p_ < 2 || p_[0] != '\\' || p_[1] != 'u') return false;
      p_ += 2;
      const int32_t low = Hex4();
      if (low < 0xDC00 || low > 0xDFFF) return false;
      cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
    }
    AppendUtf8(out, static_cast<uint32_t>(cp));
    return true;
  }

  // Four hex digits, or -1.
  int32_t Hex4() {
    if (end_ - p_ < 4) return -1;
    int32_t v = 0;
    for (int i = 0; i < 4; ++i) {
      const unsigned char c = *p_++;
      int d;
      if (c >= '0' && c <= '9') {
        d = c - '0';
      } else if (c >= 'a' && c <= 'f') {
        d = c - 'a' + 10;
      } else if (c >= 'A' && c <= 'F') {
        d = c - 'A' + 10;
      } else {
        return -1;
      }
      v = v * 16 + d;
    }
    return v;
  }

  // -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?, typed as nlohmann types it.
  bool ReadNumber(Json& out) {
    const unsigned char* start = p_;
    const bool negative = *p_ == '-';
    if (negative) ++p_;
    if (p_ == end_ || !IsDigit(static_cast<char>(*p_))) return false;
    // The magnitude while it fits in 64 bits.
    uint64_t magnitude = 0;
    bool fits = true;
    if (*p_ == '0') {
      ++p_;
    } else {
      while (p_ != end_ && IsDigit(static_cast<char>(*p_))) {
        const uint64_t digit = *p_++ - '0';
        if (magnitude > (UINT64_MAX - digit) / 10) fits = false;
        magnitude = magnitude * 10 + digit;
      }
    }
    bool integer = true;
    if (p_ != end_ && *p_ == '.') {
      integer = false;
      ++p_;
      if (!Digits()) return false;
    }
    if (p_ != end_ && (*p_ == 'e' || *p_ == 'E')) {
      integer = false;
      ++p_;
      if (p_ != end_ && (*p_ == '+' || *p_ == '-')) ++p_;
      if (!Digits()) return false;
    }
    if (integer && fits) {
      if (!negative) {
        out = magnitude;
        return true;
      }
      if (magnitude <= static_cast<uint64_t>(INT64_MAX) + 1) {
        out = static_cast<int64_t>(0 - magnitude);
        return true;
      }
    }
    // A fraction, an exponent, or an integer beyond 64 bits: a double, as
    // strtod reads it (correctly rounded); infinity is an error.
    std::string text(reinterpret_cast<const char*>(start), p_ - start);
    const double value = std::strtod(text.c_str(), nullptr);
    if (!std::isfinite(value)) return false;
    out = value;
    return true;
  }

  // One or more digits.
  bool Digits() {
    const unsigned char* from = p_;
    while (p_ != end_ && IsDigit(static_cast<char>(*p_))) ++p_;
    return p_ != from;
  }

  const unsigned char* p_;
  const unsigned char* const end_;
  bool ok_ = true;
};

}  // namespace

std::optional<Json> ReadJson(std::string_view text) { return Reader(text).Read(); }

}  // namespace edgesql
