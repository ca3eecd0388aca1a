/** The OBS-dialect faults (faults.ts FAULTS): the two header forms OBS accepts (x-obs-, x-amz-), mishandled. */
import type { FaultSpec } from "./fault-spec.ts";

export const OBS_FAULTS = {
  "obs-headers-ignored": {
    description:
      "The x-obs- SSE-C headers (and form fields) are not read: an OBS-native SSE-C request is taken for a plain one.",
    modelledOn:
      "evidence obs.both-header-forms, headers.obs-dialect (OBS's native API names the headers x-obs-); S3 gateways that know only x-amz-",
  },
  "obs-amz-form-ignored": {
    description:
      "Only the x-obs- SSE-C headers are read: the S3-compatible x-amz- form OBS also accepts is taken for a plain request.",
    modelledOn:
      "evidence obs.both-header-forms (OBS's S3-compatible API takes the x-amz- names, the seed page's Table 1)",
  },
  "obs-echo-amz-only": {
    description: "The SSE-C echo is always in x-amz- names, also to a request made with the x-obs- headers.",
    modelledOn:
      "evidence obs.both-header-forms (OBS answers an x-obs- request with x-obs-server-side-encryption-customer-*); translating front ends",
  },
  "obs-echo-native-only": {
    description: "The SSE-C echo is always in x-obs- names, also to a request made with the x-amz- headers.",
    modelledOn: "evidence obs.both-header-forms (the S3-compatible API answers in x-amz- names)",
  },
  "obs-meta-dropped": {
    description: "A PUT keeps x-amz-meta-* user metadata but drops x-obs-meta-*.",
    modelledOn: "evidence obs.meta-kept (OBS PutObject: user metadata in x-obs-meta-* headers, returned on HEAD/GET)",
  },
} as const satisfies Record<string, FaultSpec>;
