// JsonWriter: appends compact JSON to one string, for answers on the hot
// path where building an nlohmann tree first would cost more than the work
// being reported (a statement's analysis is written in a few hundred bytes).
//
// The caller keeps the structure balanced; the writer places commas. Strings
// are escaped as Dump() (json_util.h) escapes them, invalid UTF-8 included:
// each ill-formed sequence becomes U+FFFD, so the output is always valid JSON.
#ifndef EDGESQL_GATEWAY_JSON_WRITER_H_
#define EDGESQL_GATEWAY_JSON_WRITER_H_

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace edgesql::gateway {

class JsonWriter {
 public:
  // Appends to `out`, which holds spare room at its end until Finish().
  // Room the caller reserved is used at once, so a well-sized reserve() means
  // no resizing while writing.
  explicit JsonWriter(std::string& out) : out_(out), len_(out.size()) {
    out_.resize(out_.capacity() > len_ + 64 ? out_.capacity() : len_ + 256);
  }
  JsonWriter(const JsonWriter&) = delete;
  JsonWriter& operator=(const JsonWriter&) = delete;

  void BeginObject() { Open('{'); }
  void EndObject() { Close('}'); }
  void BeginArray() { Open('['); }
  void EndArray() { Close(']'); }
  // An object member's name; its value is written next.
  void Key(std::string_view name) {
    Separate();
    AppendString(name);
    Put(':');
    after_key_ = true;
  }
  void String(std::string_view s) {
    Separate();
    AppendString(s);
  }
  void Int(int64_t v);
  void Bool(bool v) {
    Separate();
    Append(v ? std::string_view("true") : std::string_view("false"));
  }
  void Null() {
    Separate();
    Append("null");
  }
  // Trims `out` to what was written. REQUIRES: called once, last.
  void Finish() { out_.resize(len_); }

 private:
  void Open(char c) {
    Separate();
    Put(c);
    first_ = true;
  }
  void Close(char c) {
    Put(c);
    first_ = false;
  }
  // A comma before every value but the first of its container or a member's.
  void Separate() {
    if (after_key_) {
      after_key_ = false;
    } else if (!first_) {
      Put(',');
    }
    first_ = false;
  }
  void AppendString(std::string_view s);

  // Bytes go straight into out_'s storage, grown geometrically: appending
  // through std::string one character at a time costs a call per byte in wasm.
  char* Room(size_t n) {
    if (len_ + n > out_.size()) out_.resize(2 * (len_ + n));
    char* at = out_.data() + len_;
    len_ += n;
    return at;
  }
  void Put(char c) { *Room(1) = c; }
  void Append(std::string_view s) {
    if (!s.empty()) std::memcpy(Room(s.size()), s.data(), s.size());
  }

  std::string& out_;
  size_t len_;  // bytes of out_ written; the rest is room
  bool first_ = true;
  bool after_key_ = false;
};

}  // namespace edgesql::gateway

#endif  // EDGESQL_GATEWAY_JSON_WRITER_H_
