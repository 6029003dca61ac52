/** The order of Vietnamese class lists (danh sách lớp): by given name (tên, the last word), then
 * by family and middle names, in Vietnamese alphabetical order (Ă and Â after A, Đ after D, a
 * letter with a tone after the same letter without). The embedded database has no ICU collation:
 * lists of one class are sorted with this after they are read, and lists paged in SQL order by
 * the `name_sort_key` column, whose byte order is this one (migration 0011, checked against this
 * function in `src/server/db/name-keys.test.ts`). */
const collator = new Intl.Collator("vi", { numeric: true });

function givenName(fullName: string): [string, string] {
  const words = fullName.trim().split(/\s+/);
  const given = words.pop() ?? "";
  return [given, words.join(" ")];
}

/** Vietnamese alphabetical order of any text (class names: "10A2" before "10A10"). Lists ordered
 * in SQL use the `name_sort_key` of classes, organisation units and software (migration 0014),
 * whose byte order is this one (checked in `src/server/db/name-keys.test.ts`). */
export function compareVietnamese(a: string, b: string): number {
  return collator.compare(a, b);
}

export function compareVietnameseNames(a: string, b: string): number {
  const [givenA, restA] = givenName(a);
  const [givenB, restB] = givenName(b);
  return collator.compare(givenA, givenB) || collator.compare(restA, restB);
}

/** `rows` sorted (a new array) by the name `nameOf` gives, as a Vietnamese class list is. */
export function byVietnameseName<T>(rows: readonly T[], nameOf: (row: T) => string): T[] {
  return [...rows].sort((a, b) => compareVietnameseNames(nameOf(a), nameOf(b)));
}
