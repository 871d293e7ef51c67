// Helpers shared by the translation modules' tests (cast, datetime, JSON,
// strings): the check that generated SQL keeps within Durable Object
// SQLite's LIKE/GLOB pattern limit, and call lists for sweeping arities.
#ifndef EDGESQL_TESTS_TRANSLATION_TEST_UTIL_H_
#define EDGESQL_TESTS_TRANSLATION_TEST_UTIL_H_

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "sqlite_eval.h"

namespace edgesql::testing {

// Durable Object SQLite refuses LIKE/GLOB patterns over 50 bytes ("LIKE or
// GLOB pattern too complex"), even in a CASE branch no assertion reaches, so
// every translation here is scanned: the bytes of the longest literal right
// after GLOB or LIKE ('' counting as one byte).
inline size_t LongestPatternLiteral(std::string_view sql) {
  size_t longest = 0;
  for (std::string_view op : {std::string_view("GLOB '"), std::string_view("LIKE '")}) {
    for (size_t at = sql.find(op); at != std::string_view::npos; at = sql.find(op, at + 1)) {
      size_t bytes = 0;
      for (size_t i = at + op.size(); i < sql.size(); ++i, ++bytes) {
        if (sql[i] != '\'') continue;
        if (sql.substr(i, 2) != "''") break;
        ++i;
      }
      longest = std::max(longest, bytes);
    }
  }
  return longest;
}

inline void ExpectPatternsFit(std::string_view sql, std::string_view mysql) {
  EXPECT_LE(LongestPatternLiteral(sql), size_t{SqliteDb::kLikePatternLimit}) << mysql;
}

// Calls of each of `names` with up to `max_args` arguments from `operands`:
// all the same operand, or column v but for one.
inline std::vector<std::string> Calls(const std::vector<std::string>& names,
                                      const std::vector<std::string>& operands, int max_args) {
  std::vector<std::string> calls;
  for (const std::string& name : names) {
    calls.push_back(name + "()");
    for (int n = 1; n <= max_args; ++n) {
      for (const std::string& x : operands) {
        for (int odd = -1; odd < n; ++odd) {
          std::string call = name + "(";
          for (int i = 0; i < n; ++i) {
            call += (i > 0 ? ", " : "") + (odd < 0 || i == odd ? x : std::string("v"));
          }
          calls.push_back(call + ")");
        }
      }
    }
  }
  return calls;
}

}  // namespace edgesql::testing

#endif  // EDGESQL_TESTS_TRANSLATION_TEST_UTIL_H_
