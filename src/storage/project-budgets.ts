import { eq } from "drizzle-orm";
import { projects } from "../../schema/index.ts";
import type { Database } from "./database.ts";

/** A project's daily budget in USD: null when it has none (or there is no such project). */
export async function projectDailyBudgetUsd(db: Database, projectId: string): Promise<number | null> {
  const [row] = await db.select({ budget: projects.dailyBudgetUsd }).from(projects).where(eq(projects.id, projectId)).limit(1);
  return row?.budget ?? null;
}
