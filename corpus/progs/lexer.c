/* lexer.c — a tokenizer for C-like text written as an explicit state machine (one
 * switch over the state per input byte). Counts tokens by kind, lines, keywords, and
 * hashes identifiers, number values and the sequence of token kinds. Bad input (an
 * unknown byte, an unterminated string, char or block comment, a malformed number)
 * exits 2. Invariant: every byte is consumed in exactly one state transition. */
#include <stdlib.h>
#include <string.h>

#include "guest.h"

enum kind { K_IDENT, K_KEYWORD, K_NUMBER, K_STRING, K_CHAR, K_COMMENT, K_PUNCT, K_COUNT };

enum state {
    S_START, S_IDENT, S_DEC, S_ZERO, S_HEX0, S_HEX, S_STR, S_STR_ESC, S_CHR, S_CHR_ESC,
    S_CHR_END, S_SLASH, S_LINE_COM, S_BLOCK_COM, S_BLOCK_STAR, S_OP1
};

static const char *const keywords[] = {"if", "else", "while", "for", "return", "int",
                                       "char", "void", "struct", "break", "continue"};

/* Two-character operators; a first byte listed here may start one. */
static const char *const ops2[] = {"==", "!=", "<=", ">=", "&&", "||", "++", "--", "->",
                                   "<<", ">>", "+=", "-=", "*=", "/="};
static const char ops1[] = "+-*/%<>=!&|^~(){}[];,.?:";

static int is_alpha(int c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
static int is_digit(int c) { return c >= '0' && c <= '9'; }
static int hex_val(int c)
{
    if (is_digit(c))
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

struct lex {
    uint32_t count[K_COUNT], lines, ident_h, num_sum, kind_h, num;
};

static void emit(struct lex *lx, enum kind k)
{
    lx->count[k]++;
    lx->kind_h = (lx->kind_h ^ (uint32_t)k) * 16777619u;
}

static void end_ident(struct lex *lx, const uint8_t *s, size_t n)
{
    for (size_t i = 0; i < sizeof keywords / sizeof *keywords; i++)
        if (strlen(keywords[i]) == n && !strncmp(keywords[i], (const char *)s, n)) {
            emit(lx, K_KEYWORD);
            return;
        }
    for (size_t i = 0; i < n; i++)
        lx->ident_h = (lx->ident_h ^ s[i]) * 16777619u;
    lx->ident_h = (lx->ident_h ^ 0xff) * 16777619u; /* separator: "ab","c" != "a","bc" */
    emit(lx, K_IDENT);
}

static void end_number(struct lex *lx)
{
    lx->num_sum += lx->num;
    emit(lx, K_NUMBER);
}

static int op2_match(int a, int b)
{
    for (size_t i = 0; i < sizeof ops2 / sizeof *ops2; i++)
        if (ops2[i][0] == a && ops2[i][1] == b)
            return 1;
    return 0;
}

/* Runs the machine over s[0..n); returns 0, or -1 with *what set on bad input. */
static int lex(struct lex *lx, const uint8_t *s, size_t n, const char **what)
{
    enum state st = S_START;
    size_t tok = 0; /* where the current identifier started */
    int prev = 0;   /* first byte of a pending one-byte operator (S_OP1) */
    for (size_t i = 0; i <= n; i++) {
        int c = i < n ? s[i] : -1; /* -1: end of input, flushes the last token */
        if (c == '\n')
            lx->lines++;
    again:
        switch (st) {
        case S_START:
            if (c == -1 || c == ' ' || c == '\t' || c == '\r' || c == '\n')
                break;
            if (is_alpha(c)) {
                tok = i;
                st = S_IDENT;
            } else if (c == '0') {
                lx->num = 0;
                st = S_ZERO;
            } else if (is_digit(c)) {
                lx->num = (uint32_t)(c - '0');
                st = S_DEC;
            } else if (c == '"') {
                st = S_STR;
            } else if (c == '\'') {
                st = S_CHR;
            } else if (c == '/') {
                st = S_SLASH;
            } else if (c > 0 && strchr(ops1, c)) {
                prev = c;
                st = S_OP1;
            } else {
                *what = "lexer: unexpected byte";
                return -1;
            }
            break;
        case S_IDENT:
            if (c != -1 && (is_alpha(c) || is_digit(c)))
                break;
            end_ident(lx, s + tok, i - tok);
            st = S_START;
            goto again;
        case S_ZERO:
            if (c == 'x' || c == 'X') {
                st = S_HEX0;
                break;
            }
            /* "0" or "0123" is decimal */
            __attribute__((fallthrough));
        case S_DEC:
            if (c != -1 && is_digit(c)) {
                lx->num = lx->num * 10 + (uint32_t)(c - '0');
                st = S_DEC;
                break;
            }
            if (c != -1 && is_alpha(c)) {
                *what = "lexer: letter after a number";
                return -1;
            }
            end_number(lx);
            st = S_START;
            goto again;
        case S_HEX0:
        case S_HEX:
            if (c != -1 && hex_val(c) >= 0) {
                lx->num = lx->num * 16 + (uint32_t)hex_val(c);
                st = S_HEX;
                break;
            }
            if (st == S_HEX0 || (c != -1 && (is_alpha(c) || is_digit(c)))) {
                *what = "lexer: malformed hex number";
                return -1;
            }
            end_number(lx);
            st = S_START;
            goto again;
        case S_STR:
            if (c == -1 || c == '\n') {
                *what = "lexer: unterminated string";
                return -1;
            }
            if (c == '\\')
                st = S_STR_ESC;
            else if (c == '"') {
                emit(lx, K_STRING);
                st = S_START;
            }
            break;
        case S_STR_ESC:
            if (c == -1 || c == '\n') {
                *what = "lexer: unterminated string";
                return -1;
            }
            st = S_STR;
            break;
        case S_CHR:
            if (c == -1 || c == '\n' || c == '\'') {
                *what = "lexer: bad char literal";
                return -1;
            }
            st = c == '\\' ? S_CHR_ESC : S_CHR_END;
            break;
        case S_CHR_ESC:
            if (c == -1 || c == '\n') {
                *what = "lexer: bad char literal";
                return -1;
            }
            st = S_CHR_END;
            break;
        case S_CHR_END:
            if (c != '\'') {
                *what = "lexer: bad char literal";
                return -1;
            }
            emit(lx, K_CHAR);
            st = S_START;
            break;
        case S_SLASH:
            if (c == '/') {
                st = S_LINE_COM;
                break;
            }
            if (c == '*') {
                st = S_BLOCK_COM;
                break;
            }
            prev = '/';
            st = S_OP1;
            goto again;
        case S_LINE_COM:
            if (c == -1 || c == '\n') {
                emit(lx, K_COMMENT);
                st = S_START;
            }
            break;
        case S_BLOCK_COM:
        case S_BLOCK_STAR:
            if (c == -1) {
                *what = "lexer: unterminated comment";
                return -1;
            }
            if (st == S_BLOCK_STAR && c == '/') {
                emit(lx, K_COMMENT);
                st = S_START;
            } else {
                st = c == '*' ? S_BLOCK_STAR : S_BLOCK_COM;
            }
            break;
        case S_OP1:
            emit(lx, K_PUNCT);
            st = S_START;
            if (op2_match(prev, c))
                break; /* the second byte belongs to this operator */
            goto again;
        }
    }
    return 0;
}

int main(void)
{
    size_t len;
    uint8_t *in = guest_read_all(&len);
    struct lex lx = {.ident_h = 2166136261u, .kind_h = 2166136261u};
    const char *what = "";
    if (len == 0 || lex(&lx, in, len, &what) < 0)
        guest_fail(GUEST_EXIT_BADINPUT, len ? what : "lexer: empty input");
    uint32_t *k = lx.count;
    guest_printf("lines=%lu idents=%lu keywords=%lu numbers=%lu strings=%lu chars=%lu "
                 "comments=%lu puncts=%lu\n", (unsigned long)lx.lines, (unsigned long)k[K_IDENT],
                 (unsigned long)k[K_KEYWORD], (unsigned long)k[K_NUMBER],
                 (unsigned long)k[K_STRING], (unsigned long)k[K_CHAR],
                 (unsigned long)k[K_COMMENT], (unsigned long)k[K_PUNCT]);
    guest_printf("ident_fnv=%08lx num_sum=%08lx kind_fnv=%08lx\n", (unsigned long)lx.ident_h,
                 (unsigned long)lx.num_sum, (unsigned long)lx.kind_h);
    free(in);
    return 0;
}
