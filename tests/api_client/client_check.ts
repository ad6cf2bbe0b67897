// Type-checked with `tsc --strict` against the types openapi-typescript generates from the
// served OpenAPI document (.ci/api-clients): what an integrator writes must compile without
// casts — a minimal create, a value read and sent back, the 409 and its retry.
import type { components, operations } from "../../.ci/generated/accord-api";

type Schemas = components["schemas"];
type ObjectiveCreate =
    operations["objective_create"]["requestBody"]["content"]["application/json"];
type ObjectiveUpdated =
    operations["objective_update"]["responses"][200]["content"]["application/json"];
type StaleVersion =
    operations["objective_update"]["responses"][409]["content"]["application/json"];

export const minimal: ObjectiveCreate = { title: "Fewer empty trucks" };

export function retryOnTopOf(
    stale: StaleVersion,
    mine: Schemas["ObjectivePatch"],
): Schemas["ObjectivePatch"] {
    return { ...mine, version: stale.current_version };
}

export function sendBack(read: ObjectiveUpdated): Schemas["ObjectivePatch"] {
    return {
        version: read.version,
        title: read.title,
        visibility: read.visibility,
        priority: read.priority,
        horizon: read.horizon,
        status: read.status,
    };
}

export function errorCode(error: Schemas["ErrorOut"]): string {
    return `${error.code}: ${error.detail} (request ${error.request_id})`;
}

export const measurement: Schemas["MeasurementIn"] = { measured_on: "2026-03-01", value: "26.25" };
