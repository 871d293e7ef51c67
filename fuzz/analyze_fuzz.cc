// libFuzzer target for everything that reads raw SQL: Lex, Analyze, the hint
// parser, the token decoders and the transpiler must never crash, hang or
// read out of bounds, whatever bytes arrive (docs/fuzzing.md has the build
// and run commands).
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "sql/analyzer.h"
#include "sql/hints.h"
#include "sql/lexer.h"
#include "transpile/transpiler.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace edgesql::sql;
  std::string_view source(reinterpret_cast<const char*>(data), size);
  edgesql::Result<std::vector<Token>> tokens = Lex(source);
  if (!tokens.ok()) return 0;
  for (const Token& t : tokens.value()) {
    // Every token lies inside the source, and the decoders accept any of them.
    if (static_cast<size_t>(t.offset) + t.length > size) __builtin_trap();
    (void)DecodeString(t.text(source));
    (void)DecodeIdentifier(t, source);
    if (t.kind == TokenKind::kHint) {
      Hints hints;
      std::vector<Warning> warnings;
      ParseHintComment(t.text(source), hints, warnings);
    }
  }
  edgesql::Result<Analysis> analysis = Analyze(source, tokens.value());
  if (analysis.ok()) {
    int params = 0;
    for (const StatementInfo& s : analysis.value().statements) {
      if (s.begin > s.end || s.end > size || s.first_param != params) __builtin_trap();
      for (const Equality& e : s.equalities) {
        if (e.values.empty()) __builtin_trap();
      }
      params += s.param_count;
    }
    if (params != analysis.value().param_count) __builtin_trap();
    for (const StatementInfo& s : analysis.value().statements) {
      (void)edgesql::transpile::Transpile(source, tokens.value(), s, {"app"});
    }
  } else if (analysis.error().has_offset() &&
             analysis.error().offset() > static_cast<int64_t>(size)) {
    __builtin_trap();
  }
  return 0;
}
