// libFuzzer target for everything that reads raw SQL: Lex, Analyze, the hint
// parser, the token decoders, the transpiler and the AST parser must never
// crash, hang or read out of bounds, whatever bytes arrive; and whatever the
// parser accepts must print (ast_printer.h) to text that parses back to the
// same text (docs/fuzzing.md has the build and run commands).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sql/analyzer.h"
#include "sql/ast_printer.h"
#include "sql/hints.h"
#include "sql/lexer.h"
#include "sql/parser.h"
#include "transpile/transpiler.h"

namespace {

// Parses the statement the analyser delimited; if the parser accepts it, its
// printed form must parse again and print identically (a fixed point).
void ParseAndRoundTrip(std::string_view source, const std::vector<edgesql::sql::Token>& tokens,
                       const edgesql::sql::StatementInfo& s) {
  using namespace edgesql::sql;
  size_t first = 0;
  while (first < tokens.size() && tokens[first].offset < s.begin) ++first;
  size_t last = first;
  while (last < tokens.size() && tokens[last].kind != TokenKind::kEnd &&
         tokens[last].offset < s.end) {
    ++last;
  }
  edgesql::Result<ParsedStatement> parsed =
      ParseStatement(source, tokens, first, last, ParseOptions{s.first_param});
  if (!parsed.ok()) {
    if (parsed.error().has_offset() &&
        parsed.error().offset() > static_cast<int64_t>(source.size()))
      __builtin_trap();
    return;
  }
  const ast::Statement& root = parsed.value().root();
  if (root.begin > root.end || root.end > source.size()) __builtin_trap();
  if (parsed.value().param_count() != s.param_count) __builtin_trap();
  std::string printed = PrintStatement(root);
  // The printer adds grouping parentheses, so text written close to the
  // depth limit may print deeper than it; only statements that also parse
  // with ample headroom must read back.
  if (!ParseStatement(source, tokens, first, last, ParseOptions{s.first_param, 12}).ok()) return;
  edgesql::Result<ParsedStatement> again = ParseStatement(printed);
  if (!again.ok()) __builtin_trap();
  if (PrintStatement(again.value().root()) != printed) __builtin_trap();
}

}  // namespace

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
      ParseAndRoundTrip(source, tokens.value(), s);
    }
  } else if (analysis.error().has_offset() &&
             analysis.error().offset() > static_cast<int64_t>(size)) {
    __builtin_trap();
  }
  return 0;
}
