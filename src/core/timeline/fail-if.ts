// The --fail-if language: comparisons of a checkpoint's numbers joined by `and`/`or`, parsed here (never
// evaluated as code). Grammar, loosest first:
//   expr    := and ('or' and)*
//   and     := unary ('and' unary)*
//   unary   := 'not' unary | '(' expr ')' | compare
//   compare := operand ('<' | '<=' | '>' | '>=' | '==' | '!=') operand
//   operand := FIELD | NUMBER | WORD          (a WORD is a regime: vanishing, exploding, edge)
import type { Regime } from '../analysis/types';
import type { TimelineLayerPoint, TimelinePoint } from './types';

export class ExpressionError extends Error {
  constructor(
    readonly expression: string,
    /** 1-based column of the mistake. */
    readonly column: number,
    readonly problem: string,
  ) {
    super(`--fail-if "${expression}": column ${column}: ${problem}`);
    this.name = 'ExpressionError';
  }
}

type NumberField = 'horizon' | 'rho' | 'sigmaMax' | 'gammaSigmaMax' | 'gradientNorm' | 'meanGate' | 'medianTimescale';
type Field = NumberField | 'lambda1' | 'epoch' | 'globalStep' | 'regime';

/** Every field an expression can name, and what it needs to be there. */
export const FAIL_IF_FIELDS: ReadonlyMap<string, { field: Field; absent: string }> = new Map(
  (
    [
      ['horizon', 'every checkpoint'],
      ['rho', 'every checkpoint'],
      ['sigmaMax', 'every checkpoint'],
      ['gammaSigmaMax', 'every checkpoint'],
      ['gradientNorm', 'every checkpoint'],
      ['regime', 'every checkpoint'],
      ['meanGate', 'an LSTM or GRU'],
      ['medianTimescale', 'an LSTM or GRU'],
      ['lambda1', '--lyapunov'],
      ['epoch', 'a checkpoint that saves its epoch'],
      ['globalStep', 'a checkpoint that saves its global step'],
    ] as const
  ).map(([field, absent]) => [field, { field, absent }]),
);

const REGIMES: readonly Regime[] = ['vanishing', 'exploding', 'edge'];
const OPERATORS = ['<=', '>=', '==', '!=', '<', '>'] as const;
type Operator = (typeof OPERATORS)[number];

type Operand =
  | { kind: 'field'; field: Field; column: number }
  | { kind: 'number'; value: number; column: number }
  | { kind: 'regime'; value: Regime; column: number };

export type Condition =
  | { kind: 'compare'; op: Operator; left: Operand; right: Operand; column: number }
  | { kind: 'and' | 'or'; left: Condition; right: Condition }
  | { kind: 'not'; operand: Condition };

interface Token {
  text: string;
  kind: 'word' | 'number' | 'op' | 'paren' | 'end';
  column: number;
}

/** Longer than any sensible gate: refused before parsing, so a hostile string costs nothing. */
export const MAX_EXPRESSION_LENGTH = 1000;

function tokenize(expression: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < expression.length) {
    const c = expression[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const column = i + 1;
    const rest = expression.slice(i);
    const number = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?/i.exec(rest);
    const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(rest);
    const op = OPERATORS.find((o) => rest.startsWith(o));
    if (number) tokens.push({ text: number[0], kind: 'number', column });
    else if (word) tokens.push({ text: word[0], kind: 'word', column });
    else if (op) tokens.push({ text: op, kind: 'op', column });
    else if (c === '(' || c === ')') tokens.push({ text: c, kind: 'paren', column });
    else if (c === '=') throw new ExpressionError(expression, column, 'use == to compare (one = is not an operator)');
    else throw new ExpressionError(expression, column, `unexpected character ${JSON.stringify(c)}`);
    i += tokens[tokens.length - 1].text.length;
  }
  tokens.push({ text: '', kind: 'end', column: expression.length + 1 });
  return tokens;
}

export function parseFailIf(expression: string): Condition {
  if (expression.length > MAX_EXPRESSION_LENGTH)
    throw new ExpressionError(expression.slice(0, 40) + '…', 1, `longer than ${MAX_EXPRESSION_LENGTH} characters`);
  const tokens = tokenize(expression);
  let at = 0;
  const peek = (): Token => tokens[at];
  const fail = (token: { column: number }, problem: string): never => {
    throw new ExpressionError(expression, token.column, problem);
  };
  const found = (t: Token): string => (t.kind === 'end' ? 'the end' : `"${t.text}"`);
  let depth = 0;

  const parseOr = (): Condition => {
    let left = parseAnd();
    while (peek().kind === 'word' && peek().text === 'or') {
      at++;
      left = { kind: 'or', left, right: parseAnd() };
    }
    return left;
  };
  const parseAnd = (): Condition => {
    let left = parseUnary();
    while (peek().kind === 'word' && peek().text === 'and') {
      at++;
      left = { kind: 'and', left, right: parseUnary() };
    }
    return left;
  };
  const parseUnary = (): Condition => {
    const t = peek();
    if (t.kind === 'word' && t.text === 'not') {
      at++;
      return { kind: 'not', operand: parseUnary() };
    }
    if (t.kind === 'paren' && t.text === '(') {
      if (++depth > 32) fail(t, 'too deeply nested');
      at++;
      const inner = parseOr();
      const close = peek();
      if (close.kind !== 'paren' || close.text !== ')') fail(close, `expected ")" but found ${found(close)}`);
      at++;
      depth--;
      return inner;
    }
    return parseCompare();
  };
  const parseOperand = (): Operand => {
    const t = peek();
    at++;
    if (t.kind === 'number') return { kind: 'number', value: Number(t.text), column: t.column };
    if (t.kind === 'word') {
      const field = FAIL_IF_FIELDS.get(t.text);
      if (field) return { kind: 'field', field: field.field, column: t.column };
      const regime = REGIMES.find((r) => r === t.text);
      if (regime) return { kind: 'regime', value: regime, column: t.column };
      return fail(
        t,
        `unknown name "${t.text}"; the fields are ${[...FAIL_IF_FIELDS.keys()].join(', ')}, and regime compares with ${REGIMES.join(', ')}`,
      );
    }
    return fail(t, `expected a field, a number or a regime but found ${found(t)}`);
  };
  const parseCompare = (): Condition => {
    const left = parseOperand();
    const opToken = peek();
    if (opToken.kind !== 'op')
      return fail(opToken, `expected a comparison (${OPERATORS.join(' ')}) but found ${found(opToken)}`);
    at++;
    const op = opToken.text as Operator;
    const right = parseOperand();
    checkTypes(left, right, op, opToken);
    return { kind: 'compare', op, left, right, column: left.column };
  };
  const checkTypes = (left: Operand, right: Operand, op: Operator, opToken: Token): void => {
    const typeOf = (o: Operand): 'number' | 'regime' =>
      o.kind === 'regime' || (o.kind === 'field' && o.field === 'regime') ? 'regime' : 'number';
    if (typeOf(left) !== typeOf(right)) fail(right, `${describe(left)} cannot be compared with ${describe(right)}`);
    if (typeOf(left) === 'regime' && op !== '==' && op !== '!=')
      fail(opToken, `a regime is compared with == or != only, not ${op}`);
    if (left.kind !== 'field' && right.kind !== 'field') fail(left, 'a comparison needs a field on one side');
  };

  const condition = parseOr();
  const end = peek();
  if (end.kind !== 'end') fail(end, `expected "and", "or" or the end but found ${found(end)}`);
  return condition;
}

function describe(o: Operand): string {
  return o.kind === 'field'
    ? `the field ${o.field}`
    : o.kind === 'number'
      ? `the number ${o.value}`
      : `the regime ${o.value}`;
}

/** A field the checkpoint does not have (lambda1 without --lyapunov, meanGate of an RNN). */
export class MissingFieldError extends Error {
  constructor(
    readonly field: string,
    readonly needs: string,
  ) {
    super(`--fail-if uses ${field}, which only ${needs} has`);
    this.name = 'MissingFieldError';
  }
}

/** Whether `condition` holds for one layer of a checkpoint. A null number (beyond float64, τ = ∞) compares as
 *  +∞ (λ₁ = −∞ as −∞). */
export function evaluateFailIf(condition: Condition, point: TimelinePoint, layer: TimelineLayerPoint): boolean {
  switch (condition.kind) {
    case 'and':
      return evaluateFailIf(condition.left, point, layer) && evaluateFailIf(condition.right, point, layer);
    case 'or':
      return evaluateFailIf(condition.left, point, layer) || evaluateFailIf(condition.right, point, layer);
    case 'not':
      return !evaluateFailIf(condition.operand, point, layer);
    case 'compare': {
      const a = valueOf(condition.left, point, layer);
      const b = valueOf(condition.right, point, layer);
      switch (condition.op) {
        case '==':
          return a === b;
        case '!=':
          return a !== b;
        case '<':
          return a < b;
        case '<=':
          return a <= b;
        case '>':
          return a > b;
        case '>=':
          return a >= b;
      }
    }
  }
}

function valueOf(o: Operand, point: TimelinePoint, layer: TimelineLayerPoint): number | string {
  if (o.kind !== 'field') return o.value;
  const field = o.field;
  const value =
    field === 'epoch'
      ? point.epoch
      : field === 'globalStep'
        ? point.globalStep
        : (layer[field] as number | string | null | undefined);
  if (value === undefined) throw new MissingFieldError(field, FAIL_IF_FIELDS.get(field)?.absent ?? '');
  if (value === null) return field === 'lambda1' ? -Infinity : Infinity;
  return value;
}
