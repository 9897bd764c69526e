/**
 * A conservative set of characters: exact for ASCII, one flag for everything beyond. Enough to tell
 * whether two parts of a regular expression can consume the same character.
 */
export class CharSet {
  private readonly bits = new Uint32Array(4);
  private other = false;

  static any(): CharSet {
    return new CharSet().complement();
  }

  static of(char: string, ignoreCase: boolean): CharSet {
    const set = new CharSet();
    const code = char.charCodeAt(0);
    set.addRange(code, code, ignoreCase);
    return set;
  }

  /** The set behind `\d`, `\w`, `\s` and their negations; undefined for any other letter. */
  static named(letter: string): CharSet | undefined {
    const lower = letter.toLowerCase();
    if (lower !== 'd' && lower !== 'w' && lower !== 's') return undefined;
    const set = new CharSet();
    if (lower === 'd' || lower === 'w') set.addRange(48, 57, false);
    if (lower === 'w') {
      set.addRange(65, 90, false);
      set.addRange(97, 122, false);
      set.addRange(95, 95, false);
    }
    if (lower === 's') {
      set.addRange(9, 13, false);
      set.addRange(32, 32, false);
      set.other = true;
    }
    return letter === lower ? set : set.complement();
  }

  addRange(low: number, high: number, ignoreCase: boolean): void {
    for (let code = low; code <= Math.min(high, 127); code++) {
      this.addCode(code);
      if (ignoreCase && code >= 65 && code <= 90) this.addCode(code + 32);
      if (ignoreCase && code >= 97 && code <= 122) this.addCode(code - 32);
    }
    if (high > 127) this.other = true;
  }

  addSet(set: CharSet): void {
    for (let i = 0; i < 4; i++) this.bits[i] = ((this.bits[i] ?? 0) | (set.bits[i] ?? 0)) >>> 0;
    this.other ||= set.other;
  }

  complement(): CharSet {
    const out = new CharSet();
    for (let i = 0; i < 4; i++) out.bits[i] = ~(this.bits[i] ?? 0) >>> 0;
    // Non-ASCII characters cannot be enumerated here, so both a set and its complement may hold some.
    out.other = true;
    return out;
  }

  overlaps(set: CharSet): boolean {
    for (let i = 0; i < 4; i++) if (((this.bits[i] ?? 0) & (set.bits[i] ?? 0)) !== 0) return true;
    return this.other && set.other;
  }

  isEmpty(): boolean {
    return !this.other && this.bits.every((word) => word === 0);
  }

  private addCode(code: number): void {
    const index = code >>> 5;
    this.bits[index] = ((this.bits[index] ?? 0) | (1 << (code & 31))) >>> 0;
  }
}
