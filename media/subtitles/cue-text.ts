// Cue text conventions shared by all formats. Inside Efir a cue's text is plain text plus the three
// WebVTT tags every player renders the same way (<b>, <i>, <u>); everything else a producer's tool adds
// (fonts, colours, positions, voices, classes) is dropped because our player styles subtitles itself.

const KEPT_TAGS = new Set(['b', 'i', 'u']);

// An HTML-like tag: '<', optional '/', a name starting with a letter, then optional classes (".yellow")
// or attributes (' color="red"', ' Speaker'). A '<' followed by a space or digit ("a < b", "<3") is text.
const TAG = /<(\/?)([a-zA-Z][a-zA-Z0-9]*)((?:[.\s][^<>]*)?)>/g;

/** Keeps <b>/<i>/<u> (lower-cased, classes and attributes removed) and removes every other tag, keeping its content. */
export function keepOnlyBasicTags(text: string): string {
  return text.replace(TAG, (_tag, slash: string, name: string) => {
    const lower = name.toLowerCase();
    return KEPT_TAGS.has(lower) ? `<${slash}${lower}>` : '';
  });
}

/**
 * The normalisation every cue goes through: NFC (so "ș" typed as s + U+0326 and the precomposed letter
 * compare and render the same), trailing whitespace trimmed, and empty lines removed, because an empty
 * line would end the cue in WebVTT.
 */
export function normaliseCueText(text: string): string {
  return text
    .normalize('NFC')
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l.trim() !== '')
    .join('\n');
}

const KEPT_TAG_TOKEN = /<\/?[biu]>/g;

/** Escapes a cue's text for a WebVTT file: & < > become entities, except the kept tags themselves. */
export function escapeCueText(text: string): string {
  let out = '';
  let last = 0;
  for (const m of text.matchAll(KEPT_TAG_TOKEN)) {
    out += escapeEntities(text.slice(last, m.index)) + m[0];
    last = m.index + m[0].length;
  }
  return out + escapeEntities(text.slice(last));
}

function escapeEntities(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  lrm: '\u200e',
  rlm: '\u200f'
};

/** Decodes the character references WebVTT allows; unknown ones are left as written. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#[xX][0-9a-fA-F]+|#\d+|[a-zA-Z]+);/g, (whole, ref: string) => {
    if (ref.startsWith('#')) {
      const cp = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return cp > 0 && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff) ? String.fromCodePoint(cp) : whole;
    }
    return NAMED_ENTITIES[ref] ?? whole;
  });
}
