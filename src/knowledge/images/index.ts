// Every built-in image entry. Data only: lookups live in ../index.ts.
import { COMMUNITY_IMAGES } from "./community.js";
import { INFRASTRUCTURE_IMAGES } from "./infrastructure.js";
import { OFFICIAL_IMAGES } from "./official.js";
import { POPULAR_IMAGES } from "./popular.js";
import { SERVICE_IMAGES } from "./services.js";
import type { ImageEntry } from "../types.js";

export const IMAGES: ImageEntry[] = [...OFFICIAL_IMAGES, ...COMMUNITY_IMAGES, ...SERVICE_IMAGES, ...INFRASTRUCTURE_IMAGES, ...POPULAR_IMAGES];
