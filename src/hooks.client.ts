import { defineBrowserStrategies } from '$lib/i18n/strategies';

// Before the first component asks for a message: the browser follows the language the server rendered.
defineBrowserStrategies();
