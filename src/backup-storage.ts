import { Construct } from 'constructs';
import { addAppRules } from './app-rules';
import { invalid } from './errors';
import { isDns1035Label, isDnsSubdomain, isHttpUrl } from './names';
import { checkRules, Rule } from './rules';

/** An object store for backups. */
export enum BackupProvider {
  /** Amazon S3 or any S3-compatible store (MinIO, Ceph RGW, ...; set `endpoint`). */
  S3 = 's3',
  /** Google Cloud Storage. */
  GCS = 'gcs',
  /** Azure Blob Storage. */
  AZURE = 'azure',
}

/** Props of a `BackupStorage`. */
export interface BackupStorageProps {
  /** The object store. */
  readonly provider: BackupProvider;
  /** Bucket (S3, GCS) or container (Azure). */
  readonly bucket: string;
  /**
   * Region of the bucket. Required for S3 on AWS (no `endpoint`).
   * @default - none
   */
  readonly region?: string;
  /**
   * Endpoint URL of an S3-compatible store.
   * @default - the provider's public endpoint
   */
  readonly endpoint?: string;
  /**
   * Name of an existing Secret with the store's credentials. Its keys depend on the operator, see the README:
   * S3 `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY`, Azure `AZURE_STORAGE_ACCOUNT_NAME`/`AZURE_STORAGE_ACCOUNT_KEY`,
   * GCS `gcsCredentials`. The library never writes a credential value.
   */
  readonly credentialsSecret: string;
  /**
   * A path prefix inside the bucket. Each cluster writes below `<prefix>/<namespace>/<cluster>`, a
   * deterministic path (the operators' own defaults use a UID unknown at synthesis time).
   * @default - no prefix
   */
  readonly prefix?: string;
  /**
   * Verify the store's TLS certificate.
   * @default true
   */
  readonly verifyTls?: boolean;
  /**
   * Use path-style S3 URLs (`endpoint/bucket/key`, as MinIO needs).
   * @default false
   */
  readonly forcePathStyle?: boolean;
  /**
   * The storage's name in the operators' specs and, on Everest, of the `BackupStorage` object.
   * @default - the construct id, lowercased
   */
  readonly name?: string;
  /**
   * The Azure storage account (3 to 24 lowercase letters and digits), with `BackupProvider.AZURE` only. Required by
   * CloudNativePG (Barman Cloud builds the blob URL `https://<account>.blob.core.windows.net/<container>` from it);
   * ignored by the Percona operators and Everest, which read it from the credentials Secret. It must name the
   * account of the Secret's `AZURE_STORAGE_ACCOUNT_NAME`.
   * @default - none: the account is read from the credentials Secret only
   */
  readonly storageAccount?: string;
}

const STORAGE_RULES: Rule<BackupStorageProps & { name: string }>[] = [
  {
    prop: 'name',
    value: (p) => p.name,
    valid: (p) => isDns1035Label(p.name, 22),
    reason: 'a storage name must be a lowercase DNS label of at most 22 characters',
  },
  {
    prop: 'bucket',
    value: (p) => p.bucket,
    valid: (p) => /^[a-z0-9][a-z0-9._-]{1,61}[a-z0-9]$/.test(p.bucket),
    reason: 'a bucket name is 3 to 63 lowercase letters, digits, dots, dashes or underscores',
  },
  {
    prop: 'bucket',
    value: (p) => p.bucket,
    when: (p) => p.provider === BackupProvider.AZURE,
    valid: (p) => /^[a-z0-9](-?[a-z0-9])+$/.test(p.bucket),
    reason: 'an Azure container name is 3 to 63 lowercase letters, digits and single dashes, starting and ending with a letter or digit',
  },
  {
    prop: 'region',
    value: (p) => p.region,
    when: (p) => p.provider === BackupProvider.S3 && p.endpoint === undefined,
    valid: (p) => !!p.region && /^[a-z0-9-]+$/.test(p.region),
    reason: 'S3 on AWS needs a region (or set `endpoint` for an S3-compatible store)',
  },
  {
    prop: 'endpoint',
    value: (p) => p.endpoint,
    when: (p) => p.endpoint !== undefined,
    valid: (p) => isHttpUrl(p.endpoint!),
    reason: 'the endpoint must be an http(s) URL',
  },
  {
    prop: 'endpoint',
    value: (p) => p.endpoint,
    when: (p) => p.endpoint !== undefined,
    valid: (p) => p.provider === BackupProvider.S3,
    reason: 'only S3-compatible stores take an endpoint',
  },
  {
    prop: 'forcePathStyle',
    value: (p) => p.forcePathStyle,
    when: (p) => p.forcePathStyle === true,
    valid: (p) => p.provider === BackupProvider.S3,
    reason: 'path-style URLs exist only for S3',
  },
  {
    prop: 'credentialsSecret',
    value: (p) => p.credentialsSecret,
    valid: (p) => isDnsSubdomain(p.credentialsSecret),
    reason: 'a Secret name must be a DNS subdomain',
  },
  {
    prop: 'prefix',
    value: (p) => p.prefix,
    when: (p) => p.prefix !== undefined,
    valid: (p) => /^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/.test(p.prefix!),
    reason: 'a prefix is a relative path without empty segments',
  },
  {
    prop: 'storageAccount',
    value: (p) => p.storageAccount,
    when: (p) => p.storageAccount !== undefined,
    valid: (p) => p.provider === BackupProvider.AZURE,
    reason: 'only Azure Blob Storage has a storage account',
  },
  {
    prop: 'storageAccount',
    value: (p) => p.storageAccount,
    when: (p) => p.storageAccount !== undefined,
    valid: (p) => /^[a-z0-9]{3,24}$/.test(p.storageAccount!),
    reason: 'an Azure storage account name is 3 to 24 lowercase letters and digits',
  },
];

/** Where backups go: one bucket, its credentials Secret and its options. Referenced by clusters and schedules. */
export class BackupStorage extends Construct {
  /** The storage's name in the operators' specs. */
  public readonly name: string;
  /** The object store. */
  public readonly provider: BackupProvider;
  /** Bucket or container. */
  public readonly bucket: string;
  /** Region, if any. */
  public readonly region?: string;
  /** Endpoint URL, if any. */
  public readonly endpoint?: string;
  /** The credentials Secret's name. */
  public readonly credentialsSecret: string;
  /** Path prefix, if any. */
  public readonly prefix?: string;
  /** Whether TLS certificates are verified. */
  public readonly verifyTls: boolean;
  /** Whether S3 path-style URLs are used. */
  public readonly forcePathStyle: boolean;
  /** The Azure storage account, if any. */
  public readonly storageAccount?: string;

  constructor(scope: Construct, id: string, props: BackupStorageProps) {
    super(scope, id);
    addAppRules(this);
    this.name = props.name ?? id.toLowerCase();
    if (!Object.values(BackupProvider).includes(props.provider)) invalid(this, 'provider', props.provider, 'unknown backup provider');
    checkRules(this, STORAGE_RULES, { ...props, name: this.name });
    this.provider = props.provider;
    this.bucket = props.bucket;
    this.region = props.region;
    this.endpoint = props.endpoint;
    this.credentialsSecret = props.credentialsSecret;
    this.prefix = props.prefix;
    this.verifyTls = props.verifyTls ?? true;
    this.forcePathStyle = props.forcePathStyle ?? false;
    this.storageAccount = props.storageAccount;
  }

  /** The deterministic path of one cluster's backups inside the bucket: `[prefix/]namespace/cluster`. */
  public pathFor(clusterName: string, namespace?: string): string {
    return [this.prefix, namespace ?? 'default', clusterName].filter((s) => s !== undefined).join('/');
  }
}
