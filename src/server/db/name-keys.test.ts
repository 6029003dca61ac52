/** The name keys the database computes (migrations 0011 and 0014), on PGlite or on PostgreSQL
 * when DATABASE_URL is set: `vietnamese_name_sort_key` orders bytes as `compareVietnameseNames`
 * orders names, and `vietnamese_sort_key` as `compareVietnamese` orders class, school and software
 * names, over thousands of generated ones; `vietnamese_search_key` drops case, tones and letter
 * marks; the columns follow every write, and the migrations go down and up again. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql, type Kysely } from "kysely";
import { loadConfig } from "../config.ts";
import { openTestDatabase } from "../testing/harness.ts";
import { compareVietnamese, compareVietnameseNames } from "../../shared/names.ts";
import type { DatabaseHandle } from "./database.ts";
import * as nameKeys from "./migrations/0011_vietnamese_name_keys.ts";
import * as textKeys from "./migrations/0014_vietnamese_text_sort_keys.ts";

let handle: DatabaseHandle;

beforeAll(async () => {
  handle = await openTestDatabase(loadConfig());
});
afterAll(async () => {
  await handle?.close();
});

/** The keys of `names`, in the same order, computed by the database. */
async function keysOf(names: string[]): Promise<Array<{ sort: string; search: string }>> {
  const result = await sql<{ sort: string; search: string }>`
    select vietnamese_name_sort_key(n) as sort, vietnamese_search_key(n) as search
      from unnest(${names}::text[]) with ordinality as x(n, i)
     order by i`.execute(handle.db);
  return result.rows;
}

/** The keys `vietnamese_sort_key` gives `texts`, in the same order. */
async function textKeysOf(texts: string[]): Promise<string[]> {
  const result = await sql<{ sort: string }>`
    select vietnamese_sort_key(n) as sort
      from unnest(${texts}::text[]) with ordinality as x(n, i)
     order by i`.execute(handle.db);
  return result.rows.map((row) => row.sort);
}

/** Byte order, as collation "C" compares. */
const byteCompare = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

/** `names` in the order of their sort keys. */
async function sortedByKey(names: string[]): Promise<string[]> {
  const keys = await keysOf(names);
  return names
    .map((name, index) => ({ name, key: keys[index]!.sort }))
    .sort((a, b) => byteCompare(a.key, b.key))
    .map((entry) => entry.name);
}

/** A deterministic pseudo-random source (mulberry32), so that a failure can be replayed. */
function random(seed: number) {
  let state = seed;
  const next = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  return { next, pick };
}

const familyNames = ["Nguyễn", "Trần", "Lê", "Phạm", "Phan", "Vũ", "Võ", "Đặng", "Đỗ", "Dương"];
const middleNames = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Ngọc", "Thu", "Ánh", "Ân"];
const givenNames = ["An", "Ánh", "Ân", "Anh", "Ảnh", "Dung", "Dũng", "Duy", "Đông", "Đức"].concat([
  "Hà",
  "Hạ",
  "Hải",
  "Mai",
  "Mải",
  "Mãi",
  "My",
  "Mỹ",
  "Ơn",
  "Ôn",
  "Ưng",
  "Ứng",
  "Yến",
]);
const onsets = [
  "",
  "b",
  "c",
  "ch",
  "d",
  "đ",
  "g",
  "gi",
  "h",
  "kh",
  "l",
  "m",
  "ng",
  "nh",
  "ph",
].concat(["qu", "r", "s", "t", "th", "tr", "v", "x", "f", "j", "w", "z"]);
const vowels = ["a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "oa", "uy", "ươ"];
const codas = ["", "", "c", "ch", "m", "n", "ng", "nh", "p", "t", "i", "o", "u"];
const toneMarks = ["", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323"];

/** Names as rosters hold them, and as people mistype them: tones and đ, namesakes, upper and
 * lower case, extra or unusual spaces, decomposed accents, hyphens, apostrophes, numbers. */
function generatedNames(count: number): string[] {
  const { next, pick } = random(20_260_913);
  const syllable = () => {
    const vowel = pick(vowels);
    const toned = vowel.slice(0, -1) + (vowel.slice(-1) + pick(toneMarks)).normalize("NFC");
    return pick(onsets) + toned + pick(codas);
  };
  const recase = (word: string) => {
    const roll = next();
    if (roll < 0.7) return word.charAt(0).toUpperCase() + word.slice(1);
    if (roll < 0.8) return word.toUpperCase();
    if (roll < 0.9) return word.toLowerCase();
    return [...word].map((char) => (next() < 0.5 ? char.toUpperCase() : char)).join("");
  };
  const word = () => {
    const roll = next();
    if (roll < 0.08) return `${pick(["", "0", "00"])}${Math.floor(next() * 1500)}`;
    if (roll < 0.12) return `${recase(syllable())}${pick(["-", "'", "’", "."])}${syllable()}`;
    return recase(syllable());
  };
  const names: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const kind = next();
    let words: string[];
    if (kind < 0.45) {
      // Real-looking names, from small lists: many share a given name or the whole rest.
      words = [pick(familyNames), ...(next() < 0.8 ? [pick(middleNames)] : []), pick(givenNames)];
      if (next() < 0.15) words = words.map(recase);
    } else {
      words = Array.from({ length: 1 + Math.floor(next() * 4) }, word);
    }
    let name = words.join(" ");
    const oddity = next();
    if (oddity < 0.05) name = name.normalize("NFD");
    else if (oddity < 0.1) name = words.join(pick(["  ", "\u00a0", "\t", " \u3000 "]));
    else if (oddity < 0.13) name = ` ${name}  `;
    else if (oddity < 0.15) name = name.replace(" ", " \u00ad").replace("n", "n\u200b");
    names.push(name);
  }
  return names;
}

/** The pairs of `names` on which the keys and `compare` disagree. */
function disagreements(
  names: string[],
  keys: string[],
  pairs: Array<[number, number]>,
  compare = compareVietnameseNames,
) {
  return pairs
    .filter(([a, b]) => {
      const expected = Math.sign(compare(names[a]!, names[b]!));
      return Math.sign(byteCompare(keys[a]!, keys[b]!)) !== expected;
    })
    .map(([a, b]) => [names[a], names[b]]);
}

describe("vietnamese_name_sort_key", () => {
  it("orders bytes as compareVietnameseNames orders the names, over 3,000 generated names", async () => {
    const names = generatedNames(3000);
    const keys = (await keysOf(names)).map((row) => row.sort);
    // Neighbours in key order: since both orders are transitive, agreement on every neighbour
    // (the same sign: before, equal or after) is agreement on every pair.
    const order = names.map((_, index) => index).sort((a, b) => byteCompare(keys[a]!, keys[b]!));
    const neighbours = order.slice(1).map((b, index): [number, number] => [order[index]!, b]);
    expect(disagreements(names, keys, neighbours).slice(0, 10)).toEqual([]);
    // And some pairs drawn at random, which do not lean on that argument.
    const { next } = random(7);
    const draw = () => Math.floor(next() * names.length);
    const pairs = Array.from({ length: 20_000 }, (): [number, number] => [draw(), draw()]);
    expect(disagreements(names, keys, pairs).slice(0, 10)).toEqual([]);
    // The generator did make the hard cases.
    expect(neighbours.some(([a, b]) => compareVietnameseNames(names[a]!, names[b]!) === 0)).toBe(
      true,
    );
    expect(names.some((name) => name.includes("đ") || name.includes("Đ"))).toBe(true);
  });

  it("puts the given name first, Ă and Â after A, Đ after D, tones in class-list order", async () => {
    const cases = [
      ["Trần Văn An", "Nguyễn Thị Ánh", "Lê Ân", "Phạm Bình", "Đỗ Văn Đức", "Hoàng Yến"],
      ["Nguyễn Ma", "Nguyễn Mà", "Nguyễn Mả", "Nguyễn Mã", "Nguyễn Má", "Nguyễn Mạ"],
      ["Đỗ Dung", "Vũ Đức Dũng", "Hoàng Duy", "Lê Đông"],
      ["Lê Thị An", "Nguyễn văn An", "Nguyễn Văn An", "Nguyễn Văn Ăn"],
      ["Ôn", "On Ông", "Ơn", "Ưng", "Ứng"],
      ["Học Sinh 2", "Học Sinh 02a", "Học Sinh 10", "Học Sinh A"],
    ];
    for (const expected of cases) {
      expect([...expected].sort(compareVietnameseNames)).toEqual(expected);
      expect(await sortedByKey([...expected].reverse())).toEqual(expected);
    }
  });

  it("gives one key to the same name written with other spaces or decomposed accents", async () => {
    const [plain, ...variants] = await keysOf([
      "Nguyễn Văn Đức",
      "  Nguyễn\u00a0 Văn\tĐức ",
      "Nguyễn Văn Đức".normalize("NFD"),
      "Nguy\u00adễn Văn Đức",
    ]);
    for (const variant of variants) expect(variant.sort).toBe(plain!.sort);
  });
});

describe("vietnamese_search_key", () => {
  it("is the name in lowercase without tones or letter marks, đ as d", async () => {
    const names = generatedNames(1000).filter((name) => !/[\u00ad\u200b]/.test(name));
    const keys = await keysOf(names);
    const unaccented = (name: string) =>
      name
        .normalize("NFD")
        .replace(/[\u0300-\u036f]/g, "")
        .replace(/[đĐ]/g, "d")
        .toLowerCase();
    expect(keys.map((row) => row.search)).toEqual(names.map(unaccented));
    expect((await keysOf(["ĐẶNG Thị Ánh Dương"]))[0]!.search).toBe("dang thi anh duong");
  });
});

describe("migration 0011_vietnamese_name_keys", () => {
  it("keeps the keys of students and users up to date on every insert and update", async () => {
    const user = await handle.db
      .insertInto("users")
      .values({ username: `keys.${Date.now()}`, display_name: "Trần Văn Yến" })
      .returning(["id", "name_sort_key", "name_search_key"])
      .executeTakeFirstOrThrow();
    expect(user.name_search_key).toBe("tran van yen");
    const renamed = await handle.db
      .updateTable("users")
      .set({ display_name: "Lê Thị Ánh" })
      .where("id", "=", user.id)
      .returning(["name_sort_key", "name_search_key"])
      .executeTakeFirstOrThrow();
    expect(renamed.name_search_key).toBe("le thi anh");
    expect(byteCompare(renamed.name_sort_key, user.name_sort_key)).toBeLessThan(0);
    const [expected] = await keysOf(["Lê Thị Ánh"]);
    expect(renamed.name_sort_key).toBe(expected!.sort);
  });

  it("goes down to the index on lower(full_name) and up again, filling in the keys", async () => {
    const username = `keys.down.${Date.now()}`;
    await handle.db.insertInto("users").values({ username, display_name: "Đỗ Văn Ân" }).execute();
    const columns = async () =>
      (
        await sql<{ name: string }>`
          select table_name || '.' || column_name as name from information_schema.columns
           where table_schema = current_schema() and column_name like 'name\\_%\\_key'
             and table_name in ('students', 'users')
           order by 1`.execute(handle.db)
      ).rows.map((row) => row.name);
    const indexes = async () =>
      (
        await sql<{ name: string }>`
          select indexname as name from pg_indexes
           where schemaname = current_schema() and tablename = 'students'
             and indexname like 'students\\_name%' order by 1`.execute(handle.db)
      ).rows.map((row) => row.name);
    expect(await columns()).toEqual([
      "students.name_search_key",
      "students.name_sort_key",
      "users.name_search_key",
      "users.name_sort_key",
    ]);
    expect(await indexes()).toEqual(["students_name_sort_idx"]);

    // The text keys (0014) are built on the name key: they go first and come back last.
    await textKeys.down(handle.db as unknown as Kysely<unknown>);
    await nameKeys.down(handle.db as unknown as Kysely<unknown>);
    expect(await columns()).toEqual([]);
    expect(await indexes()).toEqual(["students_name_idx"]);

    await nameKeys.up(handle.db as unknown as Kysely<unknown>);
    await textKeys.up(handle.db as unknown as Kysely<unknown>);
    expect(await indexes()).toEqual(["students_name_sort_idx"]);
    const row = await handle.db
      .selectFrom("users")
      .select(["name_sort_key", "name_search_key"])
      .where("username", "=", username)
      .executeTakeFirstOrThrow();
    expect(row.name_search_key).toBe("do van an");
    expect(row.name_sort_key).toBe((await keysOf(["Đỗ Văn Ân"]))[0]!.sort);
  });
});

/** Class, school and software names as schools write them (one space between words, trimmed, as
 * the forms store them): grades and sections, numbered classes, specialised classes, schools
 * named for people and places, and words of the generated names. */
function generatedTexts(count: number): string[] {
  const { next, pick } = random(20_261_206);
  const words = generatedNames(800)
    .flatMap((name) => name.split(/[\s\u00a0\u3000]+/))
    .filter((word) => word !== "" && !/[\u00ad\u200b]/.test(word));
  const sections = ["A", "B", "C", "D", "Đ", "E", "a", "CT", "CL", "Chuyên Toán", "Chuyên Văn"];
  const texts: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const kind = next();
    if (kind < 0.4) {
      const grade = 1 + Math.floor(next() * 12);
      const number = next() < 0.8 ? String(1 + Math.floor(next() * 15)) : "";
      texts.push(`${next() < 0.1 ? "Lớp " : ""}${grade}${pick(sections)}${number}`);
    } else if (kind < 0.7) {
      const type = pick(["Trường THPT", "Trường THCS", "Trường TH", "THPT", "TT GDNN-GDTX"]);
      const name = Array.from({ length: 1 + Math.floor(next() * 3) }, () => pick(words));
      texts.push([type, ...name].join(" "));
    } else {
      texts.push(Array.from({ length: 1 + Math.floor(next() * 3) }, () => pick(words)).join(" "));
    }
  }
  return texts;
}

describe("vietnamese_sort_key", () => {
  it("orders bytes as compareVietnamese orders class, school and software names, over 3,000 generated ones", async () => {
    const texts = generatedTexts(3000);
    const keys = await textKeysOf(texts);
    const order = texts.map((_, index) => index).sort((a, b) => byteCompare(keys[a]!, keys[b]!));
    const neighbours = order.slice(1).map((b, index): [number, number] => [order[index]!, b]);
    expect(disagreements(texts, keys, neighbours, compareVietnamese).slice(0, 10)).toEqual([]);
    const { next } = random(11);
    const draw = () => Math.floor(next() * texts.length);
    const pairs = Array.from({ length: 20_000 }, (): [number, number] => [draw(), draw()]);
    expect(disagreements(texts, keys, pairs, compareVietnamese).slice(0, 10)).toEqual([]);
  });

  it("puts 10A2 before 10A10, Đ after D, Ư after U, and keeps the words in their order", async () => {
    const cases = [
      ["6A1", "9A2", "10A1", "10A2", "10A10", "10Đ1", "11A1", "12C"],
      [
        "Trường THCS Chu Văn An",
        "Trường THPT An Mỹ",
        "Trường THPT Dĩ An",
        "Trường THPT Đoàn Thị Điểm",
      ],
      ["Google Meet", "K12Online", "Microsoft Teams", "Ứng dụng học", "VNPT E-Learning", "Zoom"],
    ];
    for (const expected of cases) {
      expect([...expected].sort(compareVietnamese)).toEqual(expected);
      const keys = await textKeysOf([...expected].reverse());
      const sorted = [...expected]
        .reverse()
        .map((text, index) => ({ text, key: keys[index]! }))
        .sort((a, b) => byteCompare(a.key, b.key))
        .map((entry) => entry.text);
      expect(sorted).toEqual(expected);
    }
  });
});

describe("migration 0014_vietnamese_text_sort_keys", () => {
  it("keeps the keys of classes, organisation units and software up to date, and goes down and up again", async () => {
    const code = `KEYS-${Date.now()}`;
    const school = await handle.db
      .insertInto("org_units")
      .values({
        kind: "school",
        parent_id: null,
        path: `/${code}/`,
        name: "Trường THPT Đồng Xoài",
        code,
      })
      .returning(["id", "name", "name_sort_key"])
      .executeTakeFirstOrThrow();
    expect(school.name_sort_key).toBe((await textKeysOf([school.name]))[0]);
    const klass = await handle.db
      .insertInto("classes")
      .values({ school_id: school.id, name: "10A10", grade: 10, school_year: "2026-2027" })
      .returning(["id", "name_sort_key"])
      .executeTakeFirstOrThrow();
    const renamed = await handle.db
      .updateTable("classes")
      .set({ name: "10A9" })
      .where("id", "=", klass.id)
      .returning("name_sort_key")
      .executeTakeFirstOrThrow();
    expect(byteCompare(renamed.name_sort_key, klass.name_sort_key)).toBeLessThan(0);
    const software = await handle.db
      .selectFrom("software_catalog")
      .select(["name", "name_sort_key"])
      .limit(1)
      .executeTakeFirstOrThrow();
    expect(software.name_sort_key).toBe((await textKeysOf([software.name]))[0]);

    const columns = async () =>
      (
        await sql<{ name: string }>`
          select table_name || '.' || column_name as name from information_schema.columns
           where table_schema = current_schema() and column_name = 'name_sort_key'
             and table_name in ('classes', 'org_units', 'software_catalog')
           order by 1`.execute(handle.db)
      ).rows.map((row) => row.name);
    expect(await columns()).toEqual([
      "classes.name_sort_key",
      "org_units.name_sort_key",
      "software_catalog.name_sort_key",
    ]);
    await textKeys.down(handle.db as unknown as Kysely<unknown>);
    expect(await columns()).toEqual([]);
    await textKeys.up(handle.db as unknown as Kysely<unknown>);
    const row = await handle.db
      .selectFrom("classes")
      .select("name_sort_key")
      .where("id", "=", klass.id)
      .executeTakeFirstOrThrow();
    expect(row.name_sort_key).toBe(renamed.name_sort_key);
  });
});
