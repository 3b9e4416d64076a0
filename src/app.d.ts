// See https://svelte.dev/docs/kit/types#app.d.ts
import type { Identity, Principal } from '$lib/server/auth';

declare global {
	namespace App {
		// interface Error {}
		interface Locals {
			/** Who is calling (token or anonymous role); null when nobody may be assumed. */
			principal: Principal | null;
			/** How the principal signed in (token, session, proxy, anonymous) and its session, if any. */
			identity: Identity | null;
			/** Why credentials that were presented were refused (unknown token, proxy user not let in); null otherwise. */
			authRefusal: string | null;
		}
		// interface PageData {}
		// interface PageState {}
		// interface Platform {}
	}
}

export {};
