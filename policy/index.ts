/**
 * The entra-mcp CrossGuard policy pack. Run it with any update:
 *   pulumi preview --policy-pack policy
 *   pulumi up --policy-pack policy
 */
import { PolicyPack } from '@pulumi/policy';
import { createPolicies } from './policies';

new PolicyPack('entra-mcp', { policies: createPolicies() });
