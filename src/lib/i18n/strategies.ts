import { defineCustomClientStrategy, defineCustomServerStrategy } from '../paraglide/runtime.js';
import { LANG_PARAM, toLocale } from './locale.ts';

/**
 * Paraglide's strategy list (vite.config.ts) is: custom-query, custom-document, cookie,
 * preferredLanguage, baseLocale. The two custom ones are defined here:
 *
 * - custom-query (server): `?lang=ko` wins, so a wall display's URL can pin its language.
 * - custom-document (browser): the browser reads the language the server rendered from
 *   `<html lang>`, so hydration never disagrees with the server even when navigator.languages and
 *   Accept-Language differ (proxies, kiosk browsers). Paraglide then writes that choice into its
 *   cookie, which is how `?lang=` and the switch are remembered on the next visit.
 *
 * The switch calls setLocale(), which writes the cookie and reloads: the server renders the page
 * in the new language and every Intl formatter is built for it.
 */
export function defineServerStrategies(): void {
	defineCustomServerStrategy('custom-query', {
		getLocale: (request) => (request ? toLocale(new URL(request.url).searchParams.get(LANG_PARAM)) : undefined)
	});
}

export function defineBrowserStrategies(): void {
	defineCustomClientStrategy('custom-document', {
		getLocale: () => toLocale(document.documentElement.lang),
		// The cookie strategy stores the choice; <html lang> is the server's to write.
		setLocale: () => undefined
	});
}
