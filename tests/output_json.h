// Test helpers: the JSON in a gateway Output, and a plan's context.
#ifndef EDGESQL_TESTS_OUTPUT_JSON_H_
#define EDGESQL_TESTS_OUTPUT_JSON_H_

#include <gtest/gtest.h>

#include "gateway/gateway.h"
#include "gateway/json_util.h"
#include "gateway/plan_contexts.h"

namespace edgesql::gateway {

// An answer's or a plan's body, parsed (a failed expectation if it is not JSON).
inline Json Body(const Output& out) {
  Result<Json> j = ParseJson(out.body, "test");
  EXPECT_TRUE(j.ok()) << out.body;
  return j.ok() ? j.value() : Json();
}

// The context a plan keeps for Finish (a copy; Finish still takes it).
inline Json Context(const Json& plan) {
  const Json* kept = PeekContext(plan["context"].get<std::string>());
  EXPECT_NE(kept, nullptr) << plan["context"];
  return kept != nullptr ? *kept : Json();
}

}  // namespace edgesql::gateway

#endif  // EDGESQL_TESTS_OUTPUT_JSON_H_
