import { ApiObject, Names } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { addAppRules } from './app-rules';
import { invalid } from './errors';
import { isDnsSubdomain } from './names';
import { clusterScoped } from './objects';
import { markForReadiness } from './readiness';

/** What happens to a PersistentVolume when its claim is deleted. */
export enum ReclaimPolicy {
  /** Keep the volume and its data (the safe choice for databases). */
  RETAIN = 'Retain',
  /** Delete the volume with the claim. */
  DELETE = 'Delete',
}

/** When a volume is provisioned and bound. */
export enum VolumeBindingMode {
  /** Provision in the zone where the pod is scheduled (required for zone-aware anti-affinity). */
  WAIT_FOR_FIRST_CONSUMER = 'WaitForFirstConsumer',
  /** Provision as soon as the claim is created. */
  IMMEDIATE = 'Immediate',
}

/** Options of a custom provisioner. */
export interface CustomProvisionerOptions {
  /**
   * Parameters that turn encryption at rest on, if the provisioner needs any.
   * @default - none: the provisioner encrypts by itself or not at all
   */
  readonly encryptionParameters?: { [key: string]: string };
  /**
   * Parameters every class of this provisioner gets.
   * @default - none
   */
  readonly defaultParameters?: { [key: string]: string };
}

/** A CSI provisioner with the parameters that make it database-grade. */
export class StorageProvisioner {
  /** AWS EBS CSI driver: gp3 volumes, encrypted. */
  public static readonly AWS_EBS = new StorageProvisioner('ebs.csi.aws.com', { type: 'gp3' }, { encrypted: 'true' });
  /** Google Compute Engine PD CSI driver: balanced persistent disks (always encrypted at rest by Google). */
  public static readonly GCE_PD = new StorageProvisioner('pd.csi.storage.gke.io', { type: 'pd-balanced' }, {});
  /** Azure Disk CSI driver: Premium SSD, zone-redundant where available (always encrypted at rest by Azure). */
  public static readonly AZURE_DISK = new StorageProvisioner('disk.csi.azure.com', { skuName: 'Premium_LRS' }, {});

  /** Any other provisioner, e.g. `rook-ceph.rbd.csi.ceph.com`. */
  public static custom(name: string, options: CustomProvisionerOptions = {}): StorageProvisioner {
    return new StorageProvisioner(name, options.defaultParameters ?? {}, options.encryptionParameters ?? {});
  }

  private constructor(
    /** The provisioner name as the StorageClass spells it. */
    public readonly name: string,
    /** Parameters every class of this provisioner gets. */
    public readonly defaultParameters: { [key: string]: string },
    /** Parameters that turn encryption at rest on. */
    public readonly encryptionParameters: { [key: string]: string },
  ) {}
}

/** Props of a `DatabaseStorageClass`. */
export interface DatabaseStorageClassProps {
  /** The CSI provisioner. */
  readonly provisioner: StorageProvisioner;
  /**
   * The StorageClass name.
   * @default - derived from the construct path, without a hash
   */
  readonly name?: string;
  /**
   * Extra provisioner parameters; they override the preset's.
   * @default - the preset's parameters
   */
  readonly parameters?: { [key: string]: string };
  /**
   * Turn on the provisioner's encryption parameters.
   * @default true
   */
  readonly encrypted?: boolean;
  /**
   * What happens to volumes when their claims are deleted.
   * @default ReclaimPolicy.RETAIN
   */
  readonly reclaimPolicy?: ReclaimPolicy;
  /**
   * When volumes are bound.
   * @default VolumeBindingMode.WAIT_FOR_FIRST_CONSUMER
   */
  readonly volumeBindingMode?: VolumeBindingMode;
  /**
   * Allow growing volumes in place (every target operator relies on it to resize storage).
   * @default true
   */
  readonly allowVolumeExpansion?: boolean;
  /**
   * Mount options for the volumes.
   * @default - none
   */
  readonly mountOptions?: string[];
}

/** A StorageClass with database-safe defaults: late binding, expansion, Retain, encryption. */
export class DatabaseStorageClass extends Construct {
  /** The StorageClass name for `storageClassName` fields. */
  public readonly storageClassName: string;
  /** The reclaim policy the class applies. */
  public readonly reclaimPolicy: ReclaimPolicy;
  /** The synthesized StorageClass. */
  public readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: DatabaseStorageClassProps) {
    super(scope, id);
    this.reclaimPolicy = props.reclaimPolicy ?? ReclaimPolicy.RETAIN;
    const encrypted = props.encrypted ?? true;
    if (!/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(props.provisioner.name) || props.provisioner.name.length > 253) {
      invalid(this, 'provisioner', props.provisioner.name, 'a provisioner name must be a DNS subdomain');
    }
    if (props.name !== undefined && !isDnsSubdomain(props.name)) invalid(this, 'name', props.name, 'a StorageClass name must be a DNS subdomain');
    this.apiObject = new k8s.KubeStorageClass(this, 'Resource', {
      // Like a database's, without a hash: every volume names its class, so renaming the construct must not rename it.
      metadata: { name: props.name ?? Names.toDnsLabel(this, { includeHash: false }) },
      provisioner: props.provisioner.name,
      parameters: {
        ...props.provisioner.defaultParameters,
        ...(encrypted ? props.provisioner.encryptionParameters : {}),
        ...props.parameters,
      },
      reclaimPolicy: this.reclaimPolicy,
      volumeBindingMode: props.volumeBindingMode ?? VolumeBindingMode.WAIT_FOR_FIRST_CONSUMER,
      allowVolumeExpansion: props.allowVolumeExpansion ?? true,
      mountOptions: props.mountOptions,
    });
    clusterScoped(this.apiObject);
    this.storageClassName = this.apiObject.name;
    addAppRules(this);
    markForReadiness(this, () => (this.reclaimPolicy === ReclaimPolicy.DELETE
      ? ['reclaimPolicy Delete: deleting a claim deletes the database\'s data'] : []));
  }
}
