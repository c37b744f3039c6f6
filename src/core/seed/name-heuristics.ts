import type { Faker } from '@faker-js/faker';

/**
 * Realistic text for a column, guessed from its name (and its table's name for a bare `name`).
 * Returns undefined when the name says nothing, so the caller falls back to the column's type.
 * Type limits (length, CHECK lists) are applied by the caller afterwards.
 */
export type TextMaker = (f: Faker) => string;

const byName: Array<[RegExp, TextMaker]> = [
  [/e_?mail/, (f) => f.internet.email().toLowerCase()],
  [/^(first_?name|given_?name|forename)$/, (f) => f.person.firstName()],
  [/^(last_?name|surname|family_?name)$/, (f) => f.person.lastName()],
  [/^(full_?name|display_?name|author|author_?name|contact_?name|customer_?name)$/, (f) => f.person.fullName()],
  [/^(user_?name|login|handle|nickname)$/, (f) => f.internet.username()],
  [/(phone|mobile|tel(ephone)?|fax)/, (f) => f.phone.number()],
  [/(avatar|image|photo|picture|thumbnail)(_?url)?$/, (f) => f.image.url()],
  [/(url|website|homepage|link|href)$/, (f) => f.internet.url()],
  [/^slug$/, (f) => f.lorem.slug()],
  [/^(title|headline|subject)$/, (f) => f.lorem.sentence({ min: 3, max: 6 }).replace(/\.$/, '')],
  [/(description|body|content|bio|about|summary|comment|notes?|message|text)$/, (f) => f.lorem.paragraph()],
  [/(street|address(_?line)?1?)$/, (f) => f.location.streetAddress()],
  [/^city$/, (f) => f.location.city()],
  [/^(state|province|region)$/, (f) => f.location.state()],
  [/^country(_?name)?$/, (f) => f.location.country()],
  [/^country_?code$/, (f) => f.location.countryCode()],
  [/(zip|postal)_?code|^zip$/, (f) => f.location.zipCode()],
  [/^(company|company_?name|organization|organisation|employer)$/, (f) => f.company.name()],
  [/^(job_?title|position|occupation)$/, (f) => f.person.jobTitle()],
  [/^currency(_?code)?$/, (f) => f.finance.currencyCode()],
  [/^(colou?r)$/, (f) => f.color.human()],
  [/^ip(_?address)?$/, (f) => f.internet.ipv4()],
  [/(password|passwd)(_?hash)?$/, (f) => f.internet.password({ length: 20 })],
  [/(token|api_?key|secret)$/, (f) => f.string.alphanumeric(32)],
  [/^(sku|code|reference|ref)$/, (f) => f.string.alphanumeric({ length: 8, casing: 'upper' })],
  [/^(gender|sex)$/, (f) => f.person.sex()],
  [/^(lang|language|locale)$/, (f) => f.helpers.arrayElement(['en', 'fr', 'de', 'es', 'it', 'pt', 'ja'])],
  [/^(uuid|guid)$/, (f) => f.string.uuid()],
  [/^(category|department)$/, (f) => f.commerce.department()],
  [/^(tag|label|keyword)$/, (f) => f.lorem.word()],
];

/** A bare `name` column means different things in different tables. */
const nameByTable: Array<[RegExp, TextMaker]> = [
  [/(product|item|article|good)/, (f) => f.commerce.productName()],
  [/(compan|organi[sz]ation|org|vendor|supplier|customer_account)/, (f) => f.company.name()],
  [/(categor|department|tag|genre|topic)/, (f) => f.commerce.department()],
  [/(cit(y|ies))/, (f) => f.location.city()],
  [/(countr)/, (f) => f.location.country()],
  [/(project|team|group|repo)/, (f) => `${f.word.adjective()} ${f.word.noun()}`],
];

export function textForName(column: string, table: string): TextMaker | undefined {
  const c = column.toLowerCase();
  if (c === 'name') {
    const t = table.toLowerCase();
    return nameByTable.find(([re]) => re.test(t))?.[1] ?? ((f) => f.person.fullName());
  }
  return byName.find(([re]) => re.test(c))?.[1];
}

/** Integer columns whose name implies a realistic range. */
export function integerRangeForName(column: string): [number, number] | undefined {
  const c = column.toLowerCase();
  if (/^age$/.test(c)) return [18, 90];
  if (/(quantity|qty|count|stock)$/.test(c)) return [1, 100];
  if (/(rating|stars|score)$/.test(c)) return [1, 5];
  if (/^(year|birth_?year)$/.test(c)) return [1970, 2025];
  if (/(position|rank|sort_?order|priority)$/.test(c)) return [1, 100];
  return undefined;
}

/** Decimal/float columns that hold money or coordinates. */
export function numberRangeForName(column: string): [number, number] | undefined {
  const c = column.toLowerCase();
  if (/(price|amount|cost|total|balance|salary|fee|subtotal)$/.test(c)) return [1, 1000];
  if (/^(lat|latitude)$/.test(c)) return [-90, 90];
  if (/^(lng|lon|long|longitude)$/.test(c)) return [-180, 180];
  if (/(rate|ratio|percent(age)?)$/.test(c)) return [0, 100];
  return undefined;
}

/** Timestamps named for the future (expiry) vs the past (creation). */
export function isFutureDateName(column: string): boolean {
  return /(expires?|expiry|due|deadline|ends?|until|scheduled)(_?(at|on|date))?$/.test(column.toLowerCase());
}

export function isBirthDateName(column: string): boolean {
  return /(birth|dob|birthday)/.test(column.toLowerCase());
}
