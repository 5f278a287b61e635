// JSON and JSONC configs → located source tree, through jsonc-parser (which keeps offsets and tolerates errors).
import { parseTree, printParseErrorCode, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import { findTooDeep } from '../formats/nesting';
import type { ParsedSource, SourceEntry, SourceNode, SyntaxProblem } from './source';

const MESSAGES: Record<string, string> = {
  InvalidCommentToken: 'comments are not allowed in a .json file (rename it to .rnn.jsonc to keep them)',
  PropertyNameExpected: 'a property name in double quotes was expected',
  ValueExpected: 'a value was expected',
  ColonExpected: 'a colon was expected',
  CommaExpected: 'a comma was expected',
  CloseBraceExpected: 'a closing } was expected',
  CloseBracketExpected: 'a closing ] was expected',
  EndOfFileExpected: 'nothing may follow the top-level value',
};

/** `allowComments`: true for .jsonc, where comments and trailing commas are fine. */
export function parseJsonSource(text: string, allowComments: boolean): ParsedSource {
  const tooDeep = findTooDeep(text, allowComments ? 'jsonc' : 'json');
  if (tooDeep) {
    const range = { start: tooDeep.offset, end: tooDeep.offset + 1 };
    return { format: 'json', text, root: undefined, syntaxProblems: [{ range, message: tooDeep.message }] };
  }
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { disallowComments: !allowComments, allowTrailingComma: allowComments });
  const syntaxProblems: SyntaxProblem[] = errors.map((e) => {
    const code = printParseErrorCode(e.error);
    return {
      // At least one character wide, so an error at the very end still shows; never past the text.
      range: { start: Math.min(e.offset, text.length), end: Math.min(e.offset + Math.max(e.length, 1), text.length) },
      message: MESSAGES[code] ?? `JSON syntax error (${code})`,
    };
  });
  return { format: 'json', text, root: tree ? convert(tree) : undefined, syntaxProblems };
}

function convert(node: JsonNode): SourceNode {
  const range = { start: node.offset, end: node.offset + node.length };
  switch (node.type) {
    case 'object': {
      const entries: SourceEntry[] = [];
      for (const property of node.children ?? []) {
        const [keyNode, valueNode] = property.children ?? [];
        // A property cut short by a syntax error has no value node: the error is reported already.
        if (!keyNode || !valueNode) continue;
        entries.push({
          key: String(keyNode.value),
          keyRange: { start: keyNode.offset, end: keyNode.offset + keyNode.length },
          value: convert(valueNode),
        });
      }
      return { kind: 'object', range, entries };
    }
    case 'array':
      return { kind: 'array', range, items: (node.children ?? []).map(convert) };
    default:
      return { kind: 'scalar', range, value: node.value ?? null };
  }
}
