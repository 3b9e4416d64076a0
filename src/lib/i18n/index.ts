export { currentLocale, dateLocale, LANG_PARAM, LANGUAGE_NAMES, locales, numberLocale, setLocale, toLocale, type Locale } from './locale.ts';
export { localized, reasonIn, stageSummaryIn } from './pick.ts';
