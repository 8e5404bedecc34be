/**
 * The "Get started with Lineage Lens" walkthrough's progress. Each step completes on the real event, not on a
 * click: package.json's `completionEvents` wait for these context keys, which the commands set only when they
 * succeeded (a key stored, files written, the endpoint verified, a graph drawn). VS Code remembers a
 * completed step, so the keys need not survive a reload.
 */
import * as vscode from 'vscode';

export type WalkthroughStep = 'apiKey' | 'integration' | 'verified' | 'graph';

const KEYS: Record<WalkthroughStep, string> = {
  apiKey: 'lineageLens.walkthrough.apiKey',
  integration: 'lineageLens.walkthrough.integration',
  verified: 'lineageLens.walkthrough.verified',
  graph: 'lineageLens.walkthrough.graph',
};

/** Marks a walkthrough step done (idempotent). */
export function completeStep(step: WalkthroughStep): void {
  void vscode.commands.executeCommand('setContext', KEYS[step], true);
}
