import { getLocale, locales, setLocale, type Locale } from '../paraglide/runtime.js';

export type { Locale };
export { locales, setLocale };

/** The query parameter that pins a page's language (`/wall?lang=ko`); the choice is then remembered. */
export const LANG_PARAM = 'lang';

/** Each language named in itself, as a language switch shows it. */
export const LANGUAGE_NAMES: Record<Locale, string> = { en: 'English', ko: '한국어' };

/** The language the page is rendered in (per request on the server, from <html lang> in the browser). */
export function currentLocale(): Locale {
	return getLocale();
}

/**
 * BCP 47 tags for Intl. English numbers group as in the US (12,345.6); English dates read day
 * before month with a 24-hour clock (en-GB: "9 Aug 20:00:05"), as an ops log does. Korean uses
 * ko-KR for both ("2021. 8. 9. 20:00:05", "1.2만").
 */
export function numberLocale(locale: Locale): string {
	return locale === 'ko' ? 'ko-KR' : 'en-US';
}

export function dateLocale(locale: Locale): string {
	return locale === 'ko' ? 'ko-KR' : 'en-GB';
}

/** A value from the query string, a cookie or a header, if it names a language we have. */
export function toLocale(value: string | null | undefined): Locale | undefined {
	if (!value) return undefined;
	const base = value.trim().toLowerCase().split(/[-_]/)[0];
	return (locales as readonly string[]).includes(base) ? (base as Locale) : undefined;
}
