// ReadJson: JSON text to a Json value, exactly as nlohmann/json's parser
// reads it (RFC 8259, strict), in about half its time in wasm.
//
// Every request, caller and shard answer the core sees is JSON text, and
// nlohmann's lexer takes it one character at a time, copying each into two
// buffers (the token and the text kept for its error messages): parsing the
// request and the caller was a sixth of core.plan, and is a twelfth now.
// This reader copies a string's plain runs in one append and reads integers
// without strtoull.
//
// The same value, member for member and type for type: a non-negative
// integer is number_unsigned, a negative one number_integer, one beyond 64
// bits or with a fraction or exponent number_float; a repeated member name
// keeps its last value; a leading UTF-8 byte order mark is skipped. One
// difference: nlohmann ends the input at a NUL byte outside a string
// (accepting "[1]\0anything"); here that byte is malformed JSON. Strings
// must be well-formed UTF-8 and escapes well-paired surrogates. Nesting is
// not limited and costs no stack (json_reader_test.cc compares the two
// parsers on a corpus and on mutated documents).
#ifndef EDGESQL_COMMON_JSON_READER_H_
#define EDGESQL_COMMON_JSON_READER_H_

#include <optional>
#include <string_view>

#include "common/json.h"

namespace edgesql {

// The value `text` holds, or nullopt when it is not exactly one JSON value
// (surrounded by whitespace at most).
std::optional<Json> ReadJson(std::string_view text);

}  // namespace edgesql

#endif  // EDGESQL_COMMON_JSON_READER_H_
