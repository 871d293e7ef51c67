// SplitScriptToJson: the script splitter's answer for tools (gateway.h).
#include <string>

#include "common/json_escape.h"
#include "gateway/gateway.h"
#include "gateway/json_util.h"
#include "sql/script_splitter.h"

namespace edgesql::gateway {
namespace {

// Bytes `text` takes as a JSON string body, as Dump() escapes it
// (common/json_escape.h). Exact for valid UTF-8; invalid bytes become U+FFFD
// (three bytes).
size_t EscapedSize(std::string_view text) {
  size_t size = text.size();
  for (char c : text) {
    const auto b = static_cast<unsigned char>(c);
    if (b < 0x80 && JsonNeedsEscape(b)) {
      char escape[6];
      size += EscapeJsonAscii(b, escape) - 1;
    }
  }
  return size;
}

}  // namespace

Output SplitScriptToJson(std::string_view script) {
  Result<std::vector<sql::ScriptStatement>> statements = sql::SplitScript(script);
  if (!statements.ok()) {
    const Error& error = statements.error();
    return ErrorOutput(error);
  }
  // Written piece by piece into one exactly reserved string rather than as a
  // Json tree: a dump holds megabytes of text, and the tree (or a doubling
  // string) would cost several times that in wasm, whose memory is capped.
  size_t size = 2;
  for (const sql::ScriptStatement& s : statements.value()) {
    size += EscapedSize(s.sql) + 32;  // {"sql":"","line":4294967295},
  }
  std::string out;
  out.reserve(size);
  out += '[';
  for (const sql::ScriptStatement& s : statements.value()) {
    if (out.size() > 1) out += ',';
    out += "{\"sql\":";
    out += Dump(Json(s.sql));
    out += ",\"line\":";
    out += std::to_string(s.line);
    out += '}';
  }
  out += ']';
  return Output{200, std::move(out)};
}

}  // namespace edgesql::gateway
