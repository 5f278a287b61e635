// Pure helpers for telling weights files apart: glob matching and a cheap look into JSON text.
import { jsonNamesRecurrentMatrix } from '../../core/model/naming';

/** True when a JSON file's text names a recurrent weight matrix (any of the names recognition knows). */
export function looksLikeWeightsJson(text: string): boolean {
  return jsonNamesRecurrentMatrix(text);
}

/** A glob as a RegExp on a workspace-relative posix path: `**`, `*`, `?` and `{a,b}`, nothing fancier. */
export function globToRegExp(glob: string): RegExp {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (glob.startsWith('**/', i)) {
      out += '(?:.*/)?';
      i += 2;
    } else if (glob.startsWith('**', i)) {
      out += '.*';
      i += 1;
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else if (c === '{') out += '(?:';
    else if (c === '}') out += ')';
    else if (c === ',' && out.lastIndexOf('(?:') > out.lastIndexOf(')')) out += '|';
    else out += c.replace(/[.+^$()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${out}$`, 'i');
}
