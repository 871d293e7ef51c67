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
#include <memory>
#include <string>
#include <string_view>

namespace edgesql::gateway {

class JsonWriter {
 public:
  // Appends to `out` when Finish() is called.
  explicit JsonWriter(std::string& out) : out_(out) {}
  JsonWriter(const JsonWriter&) = delete;
  JsonWriter& operator=(const JsonWriter&) = delete;

  void BeginObject() { Open('{'); }
  void EndObject() { Close('}'); }
  void BeginArray() { Open('['); }
  void EndArray() { Close(']'); }
  // An object member's name; its value is written next. REQUIRES: `name` is
  // printable ASCII without quote or backslash (the callers' names are
  // literals), so it is copied without an escaping scan.
  void Key(std::string_view name) {
    Separate();
    char* p = Room(name.size() + 3);
    *p++ = '"';
    std::memcpy(p, name.data(), name.size());
    p[name.size()] = '"';
    p[name.size() + 1] = ':';
    after_key_ = true;
  }
  // An object member's name of any text, escaped as a string is.
  void EscapedKey(std::string_view name) {
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
  void Unsigned(uint64_t v);
  void Bool(bool v) {
    Separate();
    Append(v ? std::string_view("true") : std::string_view("false"));
  }
  void Null() {
    Separate();
    Append("null");
  }
  // A value already serialised (by Dump), copied as it is: for the few
  // pieces whose one definition builds an nlohmann value (ErrorBody).
  void Raw(std::string_view json) {
    Separate();
    Append(json);
  }
  // Appends what was written to `out`. REQUIRES: called once, last.
  void Finish() { out_.append(buf_.get(), len_); }

 private:
  void Number(bool negative, uint64_t magnitude);
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

  // Bytes go through a pointer into a buffer grown geometrically and never
  // zero-filled (std::string::resize would clear the room it adds):
  // appending to a string one piece at a time costs a call per piece in wasm.
  char* Room(size_t n) {
    if (len_ + n > capacity_) Grow(len_ + n);
    char* at = buf_.get() + len_;
    len_ += n;
    return at;
  }
  void Grow(size_t needed);
  void Put(char c) { *Room(1) = c; }
  void Append(std::string_view s) {
    if (!s.empty()) std::memcpy(Room(s.size()), s.data(), s.size());
  }

  std::string& out_;
  std::unique_ptr<char[]> buf_;
  size_t capacity_ = 0;
  size_t len_ = 0;  // bytes of buf_ written; the rest is room
  bool first_ = true;
  bool after_key_ = false;
};

}  // namespace edgesql::gateway

#endif  // EDGESQL_GATEWAY_JSON_WRITER_H_
