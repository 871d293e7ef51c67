#include "sql/script_splitter.h"

#include <string>

namespace edgesql::sql {
namespace {

constexpr size_t kNone = std::string_view::npos;
constexpr std::string_view kDelimiterCommand = "delimiter";

bool IsBlank(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// One pass over the script. State between characters: the current delimiter,
// where the pending statement starts (kNone between statements), and whether
// we are inside a /*! */ version comment, whose body is SQL (so it may hold a
// delimiter and quotes) and which may even span a split, as in the client.
class Splitter {
 public:
  explicit Splitter(std::string_view script) : src_(script) {}

  Result<std::vector<ScriptStatement>> Run() {
    // Editors on Windows start UTF-8 files with a byte-order mark; the
    // client skips it, and it is no part of the first statement.
    if (src_.starts_with("\xEF\xBB\xBF")) pos_ = 3;
    while (pos_ < src_.size()) {
      const char c = src_[pos_];
      // The client looks for the delimiter before anything else, so a
      // delimiter such as "//" is never read as the start of a comment.
      if (c == delimiter_[0] && src_.substr(pos_, delimiter_.size()) == delimiter_) {
        if (start_ != kNone) Emit(pos_);
        pos_ += delimiter_.size();  // a delimiter never holds a newline
        continue;
      }
      if (start_ == kNone) {
        // Between statements: whitespace, comments and DELIMITER commands
        // belong to no statement.
        if (IsBlank(c)) {
          Step();
          continue;
        }
        if (!in_version_comment_) {
          if (AtDelimiterCommand()) {
            if (Status s = DelimiterCommand(); !s.ok()) return std::move(s).error();
            continue;
          }
          if (c == '#' || AtDashComment()) {
            SkipToLineEnd();
            continue;
          }
          if (c == '/' && At(pos_ + 1) == '*' && At(pos_ + 2) != '!' && At(pos_ + 2) != '+') {
            SkipBlockComment();
            continue;
          }
        }
        start_ = pos_;
        start_line_ = line_;
      }
      switch (c) {
        case '\'':
        case '"':
        case '`':
          SkipQuoted(c);
          break;
        case '#':
          SkipToLineEnd();
          break;
        case '-':
          if (AtDashComment()) {
            SkipToLineEnd();
          } else {
            ++pos_;
          }
          break;
        case '/':
          if (At(pos_ + 1) != '*') {
            ++pos_;
          } else if (At(pos_ + 2) == '!') {
            in_version_comment_ = true;
            pos_ += 3;
          } else {
            SkipBlockComment();  // a plain comment or a /*+ */ hint: opaque
          }
          break;
        case '*':
          if (in_version_comment_ && At(pos_ + 1) == '/') {
            in_version_comment_ = false;
            pos_ += 2;
          } else {
            ++pos_;
          }
          break;
        default:
          Step();
          break;
      }
    }
    if (start_ != kNone) Emit(src_.size());
    return std::move(statements_);
  }

 private:
  // The byte at `i`, or NUL past the end.
  char At(size_t i) const { return i < src_.size() ? src_[i] : '\0'; }

  // Advances one byte, counting lines (a CRLF counts once, at its LF).
  void Step() {
    if (src_[pos_] == '\n') ++line_;
    ++pos_;
  }

  // "-- " starts a comment only with a space or control character after it
  // (MySQL reads "1--1" as 1 - -1), or at the end of the input.
  bool AtDashComment() const {
    if (At(pos_) != '-' || At(pos_ + 1) != '-') return false;
    return pos_ + 2 >= src_.size() || static_cast<unsigned char>(src_[pos_ + 2]) <= ' ';
  }

  // Stops at the newline, which the main loop then counts.
  void SkipToLineEnd() {
    size_t end = src_.find('\n', pos_);
    pos_ = end == kNone ? src_.size() : end;
  }

  // From "/*" past the first "*/" (or to the end when unterminated).
  void SkipBlockComment() {
    pos_ += 2;
    while (pos_ < src_.size()) {
      if (src_[pos_] == '*' && At(pos_ + 1) == '/') {
        pos_ += 2;
        return;
      }
      Step();
    }
  }

  // From an opening quote past its closing one. Strings take backslash
  // escapes; a doubled quote is one quote character (a close and a reopen).
  void SkipQuoted(char quote) {
    ++pos_;
    while (pos_ < src_.size()) {
      const char c = src_[pos_];
      if (c == quote) {
        ++pos_;
        if (At(pos_) != quote) return;
        ++pos_;
      } else if (c == '\\' && quote != '`' && pos_ + 1 < src_.size()) {
        ++pos_;
        Step();
      } else {
        Step();
      }
    }
  }

  // "delimiter" (any case) followed by a blank or the end of the input.
  bool AtDelimiterCommand() const {
    if (src_.size() - pos_ < kDelimiterCommand.size()) return false;
    for (size_t i = 0; i < kDelimiterCommand.size(); ++i) {
      if (Lower(src_[pos_ + i]) != kDelimiterCommand[i]) return false;
    }
    size_t after = pos_ + kDelimiterCommand.size();
    return after == src_.size() || IsBlank(src_[after]);
  }

  // DELIMITER's argument is the first word of the rest of the line, or a
  // quoted string ('$$', "$$", `$$`); what follows on the line is ignored.
  Status DelimiterCommand() {
    size_t line_end = src_.find('\n', pos_);
    if (line_end == kNone) line_end = src_.size();
    std::string_view rest =
        src_.substr(pos_ + kDelimiterCommand.size(), line_end - pos_ - kDelimiterCommand.size());
    while (!rest.empty() && (rest.front() == ' ' || rest.front() == '\t')) rest.remove_prefix(1);
    std::string_view arg;
    if (!rest.empty() && (rest.front() == '\'' || rest.front() == '"' || rest.front() == '`')) {
      size_t close = rest.find(rest.front(), 1);
      arg = rest.substr(1, close == kNone ? kNone : close - 1);
      while (!arg.empty() && IsBlank(arg.back())) arg.remove_suffix(1);
    } else {
      size_t end = 0;
      while (end < rest.size() && !IsBlank(rest[end])) ++end;
      arg = rest.substr(0, end);
    }
    if (arg.empty()) {
      return Error(ErrorCode::kParse,
                   "DELIMITER must be followed by a 'delimiter' character or string at line " +
                       std::to_string(line_));
    }
    if (arg.find('\\') != kNone) {
      return Error(ErrorCode::kParse, "DELIMITER cannot contain a backslash character at line " +
                                          std::to_string(line_));
    }
    delimiter_ = arg;
    pos_ = line_end;
    return Status();
  }

  // Ends the pending statement at `end` (exclusive), without trailing blanks.
  void Emit(size_t end) {
    while (end > start_ && IsBlank(src_[end - 1])) --end;
    statements_.push_back({src_.substr(start_, end - start_), start_line_});
    start_ = kNone;
  }

  std::string_view src_;
  std::string_view delimiter_ = ";";
  size_t pos_ = 0;
  uint32_t line_ = 1;
  size_t start_ = kNone;
  uint32_t start_line_ = 0;
  bool in_version_comment_ = false;
  std::vector<ScriptStatement> statements_;
};

}  // namespace

Result<std::vector<ScriptStatement>> SplitScript(std::string_view script) {
  return Splitter(script).Run();
}

}  // namespace edgesql::sql
