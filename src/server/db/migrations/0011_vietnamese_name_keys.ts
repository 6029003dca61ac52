/** Vietnamese names in SQL. Neither database can order by Vietnamese collation here: PGlite has no
 * ICU, and PostgreSQL's own depends on the server's locale. So students and users get two keys,
 * computed by the database itself (stored generated columns) from the name, whatever statement
 * writes it, and filled in for every existing row when the columns are added:
 * - `name_sort_key` (collation "C"): its byte order is the order of `compareVietnameseNames`
 *   (src/shared/names.ts): given name first, then family and middle names, in Vietnamese
 *   alphabetical order. It is a sort key in ICU's way: the primary weights of the letters
 *   (a < ă < â < b … d < đ …, tone and case left out), then the tones, then the case, each level
 *   compared only when the ones before are equal.
 * - `name_search_key`: the name lowercased without tones or letter marks (đ → d), so that
 *   "nguyen van an" finds "Nguyễn Văn An".
 * Both functions use only translate(), normalize() and regular expressions, so they give the same
 * result on PGlite and PostgreSQL, whatever the locale. They cost about 45 µs (sort key) and
 * 20 µs (search key) a name on PostgreSQL, 70 and 35 µs on PGlite: writing names stays cheap.
 * Outside the characters weighted below (Vietnamese letters, f j w z, digits, ASCII punctuation,
 * quotes and dashes), a character sorts after z, by code point. */
import { sql, type Kysely } from "kysely";

// Base letters in Vietnamese alphabetical order, with f, j, w, z where the Latin alphabet has them.
const letters = "a ă â b c d đ e ê f g h i j k l m n o ô ơ p q r s t u ư v w x y z".split(" ");
// Tones in class-list order: none, huyền, hỏi, ngã, sắc, nặng.
const tones = ["", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323"];
// Punctuation and symbols in the order of ICU's Vietnamese collation (all before digits); the
// members of a group share a primary weight and differ in the secondary one.
const punctuation = [" ", "_", "-", "–", "—", ",", ";", ":", "!", "?", ".", "'‘’", '"“”']
  .concat("()[]{}@*/\\&#%`^+<=>|~$".split(""))
  .map((group) => [...group]);
// A run of digits compares by its value (the collator is numeric): each run is padded with zeros
// to 12 digits, so that the run of a larger number weighs more ("2" before "10", "01" = "1").
const runDigits = 12;

// Weights are printable ASCII, so the key needs no escaping and takes one byte a character.
// "!" separates levels and " " the given name from the rest: both weigh less than any weight.
const weights = Array.from({ length: 0x7f - 0x23 }, (_, index) => String.fromCharCode(0x23 + index))
  .filter((char) => char !== "'" && char !== "\\")
  .join("");

interface Weighted {
  char: string;
  primary: number;
  secondary: number;
  tertiary: number;
}

/** Every character the sort key knows, with its three weights, the commonest first: translate()
 * looks a character up by reading its list from the start. */
function weightTable(): { from: string; primary: string; secondary: string; tertiary: string } {
  const entries: Weighted[] = [];
  let nextPrimary = 0;
  for (const group of punctuation) {
    group.forEach((char, secondary) =>
      entries.push({ char, primary: nextPrimary, secondary, tertiary: 0 }),
    );
    nextPrimary += 1;
  }
  for (const digit of "0123456789") {
    entries.push({ char: digit, primary: nextPrimary++, secondary: 0, tertiary: 0 });
  }
  for (const letter of letters) {
    tones.forEach((tone, secondary) => {
      const lower = (letter + tone).normalize("NFC");
      if ([...lower].length !== 1) return; // no single character for this letter and tone
      entries.push({ char: lower, primary: nextPrimary, secondary, tertiary: 0 });
      entries.push({ char: lower.toUpperCase(), primary: nextPrimary, secondary, tertiary: 1 });
    });
    nextPrimary += 1;
  }
  if (nextPrimary > weights.length) throw new Error("more primary weights than characters");
  const kinds = [/[a-z]/, / /, /[A-Z]/, /\p{Ll}/u, /\p{Lu}/u, /[0-9]/];
  const commonness = ({ char }: Weighted) => {
    const kind = kinds.findIndex((pattern) => pattern.test(char));
    return kind === -1 ? kinds.length : kind; // punctuation last
  };
  const table = { from: "", primary: "", secondary: "", tertiary: "" };
  for (const entry of entries.sort((a, b) => commonness(a) - commonness(b))) {
    if (table.from.includes(entry.char)) throw new Error(`weighted twice: ${entry.char}`);
    table.from += entry.char;
    table.primary += weights[entry.primary];
    table.secondary += weights[entry.secondary];
    table.tertiary += weights[entry.tertiary];
  }
  return table;
}

/** Each letter in both cases, with its tones, and the plain lowercase letter it stands on; the
 * plain letters first, since translate() reads the list from the start for every character. */
function unaccentTable(): { from: string; to: string } {
  const ascii = "abcdefghijklmnopqrstuvwxyz";
  const table = { from: ascii + " " + ascii.toUpperCase(), to: ascii + " " + ascii };
  for (const letter of letters) {
    const plain = letter.normalize("NFD")[0]!.replace("đ", "d");
    for (const tone of tones) {
      const lower = (letter + tone).normalize("NFC");
      if ([...lower].length !== 1 || ascii.includes(lower)) continue;
      table.from += lower + lower.toUpperCase();
      table.to += plain + plain;
    }
  }
  return table;
}

const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;
const unicodeLiteral = (codes: number[]) =>
  `U&'${codes.map((code) => `\\${code.toString(16).padStart(4, "0")}`).join("")}'`;
const range = (first: number, last: number) =>
  Array.from({ length: last - first + 1 }, (_, index) => first + index);

// What JavaScript's \s matches: `compareVietnameseNames` splits the name into words with it.
const whitespace = [
  ...range(0x09, 0x0d),
  0x20,
  0xa0,
  0x1680,
  ...range(0x2000, 0x200a),
  0x2028,
  0x2029,
  0x202f,
  0x205f,
  0x3000,
  0xfeff,
];
// Characters the collator ignores (controls, soft hyphen, zero-width and direction marks).
const ignorable = [
  ...range(0x01, 0x08),
  ...range(0x0e, 0x1f),
  0x7f,
  0xad,
  ...range(0x200b, 0x200f),
];

/** In PL/pgSQL, so that each part of the name is prepared once for its three levels. */
function sortKeyFunction(): string {
  const table = weightTable();
  if (Object.values(table).some((text) => text.includes("$body$"))) throw new Error("quoting");
  const from = literal(table.from);
  const levels = (part: string) =>
    [table.primary, table.secondary, table.tertiary]
      .map((to) => `translate(${part}, ${from}, ${literal(to)})`)
      .join(" || '!' || ");
  return `create function vietnamese_name_sort_key(name text) returns text
    language plpgsql immutable strict parallel safe as $body$
    declare
      words text := btrim(regexp_replace(
        translate(name, ${unicodeLiteral(whitespace)}, ${literal(" ".repeat(whitespace.length))}),
        ' {2,}', ' ', 'g'));
      given text := normalize(translate(substring(words from '[^ ]*$'), ${unicodeLiteral(ignorable)}, ''), NFC);
      rest text := normalize(translate(coalesce(substring(words from '^(.*) '), ''), ${unicodeLiteral(ignorable)}, ''), NFC);
    begin
      -- Each run of digits padded to ${runDigits} (longer runs lose their first digits).
      if given ~ '[0-9]' then
        given := regexp_replace(regexp_replace(given, '([0-9]+)', '${"0".repeat(runDigits)}\\1', 'g'), '[0-9]*([0-9]{${runDigits}})(?![0-9])', '\\1', 'g');
      end if;
      if rest ~ '[0-9]' then
        rest := regexp_replace(regexp_replace(rest, '([0-9]+)', '${"0".repeat(runDigits)}\\1', 'g'), '[0-9]*([0-9]{${runDigits}})(?![0-9])', '\\1', 'g');
      end if;
      return ${levels("given")} || ' ' || ${levels("rest")};
    end
    $body$`;
}

function searchKeyFunction(): string {
  const table = unaccentTable();
  return `create function vietnamese_search_key(value text) returns text
    language sql immutable strict parallel safe
    return lower(translate(normalize(value, NFC), ${literal(table.from)}, ${literal(table.to)}))`;
}

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of [
    sortKeyFunction(),
    searchKeyFunction(),
    `alter table students
       add column name_sort_key text collate "C" not null
         generated always as (vietnamese_name_sort_key(full_name)) stored,
       add column name_search_key text not null
         generated always as (vietnamese_search_key(full_name)) stored`,
    `alter table users
       add column name_sort_key text collate "C" not null
         generated always as (vietnamese_name_sort_key(display_name)) stored,
       add column name_search_key text not null
         generated always as (vietnamese_search_key(display_name)) stored`,
    // A school's students by name; it also serves every lookup by school that the index on
    // lower(full_name) served, and nothing searched that one any more.
    `create index students_name_sort_idx on students (school_id, name_sort_key)`,
    `drop index students_name_idx`,
  ]) {
    await sql.raw(statement).execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const statement of [
    `create index students_name_idx on students (school_id, lower(full_name))`,
    `drop index students_name_sort_idx`,
    `alter table users drop column name_search_key, drop column name_sort_key`,
    `alter table students drop column name_search_key, drop column name_sort_key`,
    `drop function vietnamese_search_key(text)`,
    `drop function vietnamese_name_sort_key(text)`,
  ]) {
    await sql.raw(statement).execute(db);
  }
}
