/**
 * The in-memory store: resources by type, the userName index that enforces uniqueness and the
 * reverse membership index behind a User's `groups`. Synchronous on purpose: every request sees a
 * consistent state without locking.
 */
import { randomUUID } from 'node:crypto';
import { isJsonObject, type JsonObject } from '../scim/json.js';
import { prepareString } from './comparison.js';
import { jsonEqual } from './json-values.js';
import type { QuirkSet } from './quirks.js';
import type { ResourceTypeName } from './schema-registry.js';

export interface StoredResource {
  readonly id: string;
  readonly type: ResourceTypeName;
  /**
   * Everything a client can write, under the attributes' canonical names: `schemas`, `externalId`,
   * core attributes, and extension attributes in an object under the extension URN.
   */
  data: JsonObject;
  readonly created: string;
  lastModified: string;
  /** Increases whenever the resource's representation changes; the ETag is `W/"<version>"`. */
  version: number;
}

export class ResourceStore {
  private readonly resources: Record<ResourceTypeName, Map<string, StoredResource>> = { User: new Map(), Group: new Map(), Credential: new Map() };
  private readonly userNames = new Map<string, string>();
  /** The userNames of deleted Users, which the deleted-values-held quirk keeps taken. */
  private readonly deletedUserNames = new Set<string>();
  private readonly groupsOfUser = new Map<string, Set<string>>();
  /**
   * Full representations, built once per change for queries: a filter reads every resource of the type,
   * so rebuilding them all on each request makes a query's cost grow with the store, not with the page.
   */
  private readonly views = new WeakMap<StoredResource, JsonObject>();
  /** The resources of each type ever created: what the ids-sequential-per-type quirk numbers them by. */
  private readonly createdCount: Record<ResourceTypeName, number> = { User: 0, Group: 0, Credential: 0 };

  constructor(private readonly quirks: QuirkSet) {}

  /**
   * userName uniqueness ignores case and Unicode normalisation and width differences (RFC 7643 §4.1.1, RFC
   * 7644 §5). A name that every rule leaves as it is has the same key under the quirks: they are not asked.
   */
  private userNameKey(userName: string): string {
    const key = prepareString(userName, false);
    if (key === userName && prepareString(userName, true) === userName) return key;
    if (this.quirks.has('uniqueness-case-sensitive')) return prepareString(userName, true);
    if (this.quirks.has('uniqueness-no-normalisation')) return userName.toLowerCase();
    return key;
  }

  get(type: ResourceTypeName, id: string): StoredResource | undefined {
    return this.resources[type].get(id);
  }

  /** All resources of a type, oldest first. */
  list(type: ResourceTypeName): StoredResource[] {
    return [...this.resources[type].values()];
  }

  /** The id of the User holding this userName, if any. */
  userWithName(userName: string): string | undefined {
    return this.userNames.get(this.userNameKey(userName));
  }

  /** Whether a deleted User held this userName (compared as userNames are, without case). */
  heldByDeletedUser(userName: string): boolean {
    return this.deletedUserNames.has(prepareString(userName, false));
  }

  /** The Groups that list the User as a member, in the order it joined them. */
  groupsOf(userId: string): StoredResource[] {
    const groups: StoredResource[] = [];
    for (const id of this.groupsOfUser.get(userId) ?? []) {
      const group = this.get('Group', id);
      if (group !== undefined) groups.push(group);
    }
    return groups;
  }

  /** The resource's representation as `build` makes it, reused until something it shows changes. */
  cachedView(record: StoredResource, build: (record: StoredResource) => JsonObject): JsonObject {
    let view = this.views.get(record);
    if (view === undefined) this.views.set(record, (view = build(record)));
    return view;
  }

  /** `clientId`: the id a client sent, kept only under the quirk that ignores RFC 7644 §3.3. */
  create(type: ResourceTypeName, data: JsonObject, created: string, lastModified: string, clientId?: string): StoredResource {
    this.createdCount[type] += 1;
    const id = clientId ?? (this.quirks.has('id-holds-bulkid') ? `bulkId-${randomUUID()}` : this.quirks.has('ids-sequential-per-type') ? String(this.createdCount[type]) : randomUUID());
    const record: StoredResource = { id, type, data, created, lastModified, version: 1 };
    this.resources[type].set(record.id, record);
    this.index(record, undefined, record.data, lastModified);
    return record;
  }

  /** Replaces a resource's data; nothing changes (not even the version) when the data is the same. */
  update(record: StoredResource, data: JsonObject, now: string): boolean {
    if (jsonEqual(record.data, data)) return false;
    const previous = record.data;
    record.data = data;
    this.touch(record, now);
    this.index(record, previous, data, now);
    // A member's `groups` shows the group's displayName, which may have changed without the membership.
    if (record.type === 'Group') for (const userId of [...memberIds(previous), ...memberIds(data)]) this.forgetView('User', userId);
    return true;
  }

  delete(record: StoredResource, now: string): void {
    this.resources[record.type].delete(record.id);
    const userName = record.data.userName;
    if (record.type === 'User' && typeof userName === 'string') this.deletedUserNames.add(prepareString(userName, false));
    this.index(record, record.data, undefined, now);
    // The quirk leaves the deleted User in its groups' members, as a server without referential integrity would.
    if (record.type === 'User' && this.groupsOfUser.has(record.id) && !this.quirks.has('group-keeps-deleted-member')) {
      for (const group of this.groupsOf(record.id)) {
        const members = group.data.members;
        const remaining = Array.isArray(members) ? members.filter((m) => memberId(m) !== record.id) : [];
        const data = { ...group.data };
        if (remaining.length > 0) data.members = remaining;
        else delete data.members;
        this.update(group, data, now);
      }
      this.groupsOfUser.delete(record.id);
    }
  }

  private forgetView(type: ResourceTypeName, id: string): void {
    const record = this.get(type, id);
    if (record !== undefined) this.views.delete(record);
  }

  /** Marks the resource modified now: a new lastModified and version. */
  touch(record: StoredResource, now: string): void {
    this.views.delete(record);
    record.lastModified = now;
    if (!this.quirks.has('etag-constant')) record.version += 1;
  }

  /** Keeps the indexes in step when a resource's data goes from `previous` to `next` (undefined: none). */
  private index(record: StoredResource, previous: JsonObject | undefined, next: JsonObject | undefined, now: string): void {
    if (record.type === 'User') {
      const before = previous?.userName;
      const after = next?.userName;
      if (typeof before === 'string') this.userNames.delete(this.userNameKey(before));
      if (typeof after === 'string') this.userNames.set(this.userNameKey(after), record.id);
      return;
    }
    if (record.type !== 'Group') return;
    const before = new Set(memberIds(previous));
    const after = new Set(memberIds(next));
    for (const userId of before) {
      if (after.has(userId)) continue;
      this.groupsOfUser.get(userId)?.delete(record.id);
      this.touchUser(userId, now);
    }
    for (const userId of after) {
      if (before.has(userId)) continue;
      let groups = this.groupsOfUser.get(userId);
      if (groups === undefined) this.groupsOfUser.set(userId, (groups = new Set()));
      groups.add(record.id);
      this.touchUser(userId, now);
    }
  }

  // A User's `groups` is part of its representation, so joining or leaving a group changes the User.
  private touchUser(userId: string, now: string): void {
    const user = this.get('User', userId);
    if (user !== undefined) this.touch(user, now);
  }
}

function memberId(member: unknown): string | undefined {
  return isJsonObject(member) && typeof member.value === 'string' ? member.value : undefined;
}

function memberIds(data: JsonObject | undefined): string[] {
  const members = data?.members;
  if (!Array.isArray(members)) return [];
  return members.map(memberId).filter((id): id is string => id !== undefined);
}
