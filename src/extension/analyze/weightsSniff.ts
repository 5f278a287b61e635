// Pure helpers for telling weights files apart: glob matching and a cheap look into JSON text.

const RECURRENT_KEY = /"(?:[^"\\]*[./])?(?:W_hh|weight_hh(?:_l\d+(?:_reverse)?)?|recurrent_kernel(?::\d+)?)"\s*:/;

/** True when a JSON file's text names a recurrent weight matrix. */
export function looksLikeWeightsJson(text: string): boolean {
  return RECURRENT_KEY.test(text);
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

