import * as pulumi from '@pulumi/pulumi';
import * as app from '@pulumi/azure-native/app/index.js';
import { customDomainDnsRecords, type DnsRecord } from './plan-custom-domain.ts';
import type { Settings } from './settings.ts';

/**
 * The custom domain's part of the deployment, only wiring: the DNS records to create (from
 * the environment's verification id and the app's default FQDN), and, once they exist
 * (`customDomainCertificate`), the managed certificate that Container Apps validate by CNAME.
 * While validation is pending the certificate stays in `Pending` and `pulumi up` waits on it
 * (docs/provisioning.md says what to check).
 */
export function customDomainResources(
  name: string,
  args: {
    readonly custom: Settings['customDomain'];
    readonly defaultOrigin: pulumi.Output<string>;
    readonly environment: app.ManagedEnvironment;
    readonly resourceGroupName: pulumi.Input<string>;
    readonly location: string;
  },
  opts: pulumi.CustomResourceOptions,
): { dnsRecords: pulumi.Output<DnsRecord[]>; certificate: app.ManagedCertificate | undefined } {
  const { custom } = args;
  if (custom === undefined) return { dnsRecords: pulumi.output([] as DnsRecord[]), certificate: undefined };
  const dnsRecords = pulumi.all([args.defaultOrigin, args.environment.customDomainConfiguration]).apply(([origin, config]) =>
    customDomainDnsRecords(custom.hostName, new URL(origin).hostname, config?.customDomainVerificationId ?? ''));
  const certificate = custom.bind
    ? new app.ManagedCertificate(`${name}-certificate`, {
      resourceGroupName: args.resourceGroupName,
      location: args.location,
      environmentName: args.environment.name,
      properties: { subjectName: custom.hostName, domainControlValidation: 'CNAME' },
    }, opts)
    : undefined;
  return { dnsRecords, certificate };
}
