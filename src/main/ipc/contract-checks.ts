/**
 * Compile-time checks of the contract that `satisfies` cannot express: `API_MEMBERS` lists
 * every member of `HeapScopeApi` (the preload and the security test rely on it).
 */
import type { API_MEMBERS, HeapScopeApi } from '../../shared/contract'

type Listed = (typeof API_MEMBERS)[number]
type Unlisted = Exclude<keyof HeapScopeApi, Listed>

/** `true` only when no member is missing from API_MEMBERS (else a compile error naming it). */
export const API_MEMBERS_COMPLETE: [Unlisted] extends [never] ? true : { missing: Unlisted } = true
