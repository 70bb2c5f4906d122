import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import express, { type Request } from 'express';
import SCIMMY from 'scimmy';
import SCIMMYRouters from 'scimmy-routers';
import { listenOnLoopback } from './loopback.js';

/** A running scimmy + scimmy-routers SCIM service provider backed by an in-memory store. */
export interface ScimmyTarget {
  /** SCIM base URL without a trailing slash, e.g. http://127.0.0.1:PORT/scim/v2. */
  url: string;
  close(): Promise<void>;
}

const SCIM_BASE_PATH = '/scim/v2';

/** A resource as the backend keeps it: its attributes plus the metadata the backend owns. */
interface StoredResource {
  [attribute: string]: unknown;
  id: string;
  meta: { created: string; lastModified: string };
}

/** What scimmy's ingress/egress/degress handlers are given about the request they serve. */
interface HandledResource {
  id?: string;
  filter?: { match(values: StoredResource[]): StoredResource[] };
}

type ScimError = InstanceType<typeof SCIMMY.Types.Error>;

/** An error scimmy answers with as it is; an empty scimType leaves the keyword out of the body. */
function scimError(status: number, message: string, scimType = ''): ScimError {
  return new SCIMMY.Types.Error(status, scimType, message);
}

/** The backend of one target: a store per resource type, handed to the handlers as request context. */
class TargetStore {
  private readonly byResourceType = new Map<string, Map<string, StoredResource>>();

  resources(resourceType: string): Map<string, StoredResource> {
    let resources = this.byResourceType.get(resourceType);
    if (resources === undefined) {
      resources = new Map();
      this.byResourceType.set(resourceType, resources);
    }
    return resources;
  }
}

function targetStoreOf(context: unknown): TargetStore {
  if (!(context instanceof TargetStore)) {
    throw scimError(500, 'Request reached a resource handler without its target store');
  }
  return context;
}

function notFound(id: string | undefined): ScimError {
  return scimError(404, `Resource ${id ?? ''} not found`);
}

/**
 * The stored data of a schema instance, as plain JSON: scimmy's own serialisation of it, which leaves out
 * attributes that are never returned (password).
 */
function plainAttributes(instance: unknown): Record<string, unknown> {
  const plain: unknown = JSON.parse(JSON.stringify(instance));
  if (typeof plain !== 'object' || plain === null || Array.isArray(plain)) {
    throw scimError(500, 'Resource handler received a value that is not a resource');
  }
  return plain as Record<string, unknown>;
}

/** Copies handed to scimmy, so nothing it does to a response can change the store. */
function copyOf(resource: StoredResource): StoredResource {
  return structuredClone(resource);
}

type ScimAttribute = InstanceType<typeof SCIMMY.Types.Attribute>;

/**
 * Top-level attributes the resource type's schema declares unique (scimmy leaves enforcement to the
 * backend, and its documentation has ingress answer 409 uniqueness).
 */
function uniqueAttributes(schema: typeof SCIMMY.Types.Schema): ScimAttribute[] {
  return schema.definition.attributes.filter(
    (attribute): attribute is ScimAttribute =>
      attribute instanceof SCIMMY.Types.Attribute &&
      attribute.name !== 'id' &&
      (attribute.config.uniqueness === 'server' || attribute.config.uniqueness === 'global'),
  );
}

function sameValue(left: unknown, right: unknown, caseExact: boolean): boolean {
  if (typeof left === 'string' && typeof right === 'string' && !caseExact) {
    return left.toLowerCase() === right.toLowerCase();
  }
  return left === right;
}

function assertUnique(
  resources: Map<string, StoredResource>,
  attributes: ScimAttribute[],
  candidate: Record<string, unknown>,
  ownId: string | undefined,
): void {
  for (const attribute of attributes) {
    const value = candidate[attribute.name];
    if (value === undefined) continue;
    const caseExact = attribute.config.caseExact === true;
    for (const existing of resources.values()) {
      if (existing.id !== ownId && sameValue(existing[attribute.name], value, caseExact)) {
        throw scimError(409, `Attribute '${attribute.name}' must be unique`, 'uniqueness');
      }
    }
  }
}

/** ingress/egress/degress for one resource type, storing into the target store of each request. */
function handlersFor(resourceType: string, schema: typeof SCIMMY.Types.Schema) {
  const unique = uniqueAttributes(schema);
  return {
    // Create when scimmy gives no id, otherwise replace (PUT, and the write that ends a PATCH).
    ingress(resource: HandledResource, instance: unknown, context: unknown): StoredResource {
      const resources = targetStoreOf(context).resources(resourceType);
      const attributes = plainAttributes(instance);
      const now = new Date().toISOString();
      if (resource.id === undefined) {
        assertUnique(resources, unique, attributes, undefined);
        const created: StoredResource = { ...attributes, id: randomUUID(), meta: { created: now, lastModified: now } };
        resources.set(created.id, created);
        return copyOf(created);
      }
      const current = resources.get(resource.id);
      if (current === undefined) throw notFound(resource.id);
      assertUnique(resources, unique, attributes, current.id);
      const replaced: StoredResource = {
        ...attributes,
        id: current.id,
        meta: { created: current.meta.created, lastModified: now },
      };
      resources.set(replaced.id, replaced);
      return copyOf(replaced);
    },
    // One resource by id, or every match of the filter; scimmy's ListResponse sorts and pages the result.
    egress(resource: HandledResource, context: unknown): StoredResource | StoredResource[] {
      const resources = targetStoreOf(context).resources(resourceType);
      if (resource.id !== undefined) {
        const found = resources.get(resource.id);
        if (found === undefined) throw notFound(resource.id);
        return copyOf(found);
      }
      const all = [...resources.values()].map(copyOf);
      return resource.filter === undefined ? all : resource.filter.match(all);
    },
    degress(resource: HandledResource, context: unknown): void {
      const resources = targetStoreOf(context).resources(resourceType);
      if (resource.id === undefined || !resources.delete(resource.id)) throw notFound(resource.id);
    },
  };
}

/**
 * scimmy keeps its resource types in a process-wide registry, so they are declared once; each target
 * passes its own store to the handlers as request context.
 */
function declareResourceTypes(): void {
  if (!SCIMMY.Resources.declared(SCIMMY.Resources.User)) {
    SCIMMY.Resources.declare(SCIMMY.Resources.User, {
      ...handlersFor('User', SCIMMY.Schemas.User),
      extensions: [{ schema: SCIMMY.Schemas.EnterpriseUser, required: false }],
    });
  }
  if (!SCIMMY.Resources.declared(SCIMMY.Resources.Group)) {
    SCIMMY.Resources.declare(SCIMMY.Resources.Group, handlersFor('Group', SCIMMY.Schemas.Group));
  }
}

type AuthenticationHandler = ConstructorParameters<typeof SCIMMYRouters>[0]['handler'];

/**
 * Checks the bearer token. The token stands for no particular user, which scimmy-routers' documentation
 * expresses by returning no user id (its /Me then answers 501); its type declarations only allow a
 * string, hence the cast.
 */
function bearerAuthentication(token: string | undefined): AuthenticationHandler {
  const authenticate = (request: Request): string | undefined => {
    if (token === undefined) return undefined;
    const match = /^Bearer\s+(\S+)\s*$/i.exec(request.header('Authorization') ?? '');
    if (match?.[1] !== token) throw new Error('Missing or invalid bearer token');
    return undefined;
  };
  return authenticate as AuthenticationHandler;
}

/** token: when given, requests need `Authorization: Bearer <token>`. */
export async function startScimmyTarget(options: { token?: string } = {}): Promise<ScimmyTarget> {
  declareResourceTypes();
  const store = new TargetStore();
  const app = express();
  const { origin, close } = await listenOnLoopback(createServer(app));

  app.use(
    SCIM_BASE_PATH,
    new SCIMMYRouters({
      type: 'bearer',
      handler: bearerAuthentication(options.token),
      context: () => store,
      // Absolute meta.location values, as a deployment that configures its public address gets. scimmy
      // holds the base path process-wide and sets it on each request, so two targets serving requests
      // at the same moment in one process could see each other's origin in locations.
      baseUri: () => origin,
    }),
  );

  return { url: `${origin}${SCIM_BASE_PATH}`, close };
}
