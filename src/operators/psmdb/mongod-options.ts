import { PSMDB_OPERATOR } from './versions';
import { ClusterModel } from '../../model';
import { Rule } from '../../rules';

/**
 * mongod options (dotted paths of mongod.conf) that the PSMDB operator refuses, overrides or reads with a meaning of
 * its own. `config` goes verbatim into `replsets[].configuration`, which the operator mounts as `--config`
 * (psmdb_controller.go:reconcileMongodConfigMaps); every command-line flag it adds wins over the same option there.
 */
interface OperatorOption {
  /** The option, and every option below it. */
  readonly path: string;
  /** What the operator does with it, completing "the Percona Server for MongoDB operator 1.21.2 …". */
  readonly effect: string;
}

const OPERATOR_OPTIONS: ReadonlyArray<OperatorOption> = [
  // psmdb_defaults.go:checkSafeDefaults → psmdb_types.go:MongoConfiguration.GetTLSMode: any value is an error state.
  { path: 'net.tls.mode', effect: 'refuses the TLS mode in the configuration (the cluster\'s spec.tls.mode sets it, preferTLS)' },
  // psmdb_types.go:MongoConfiguration.GetPort → ReplsetSpec.GetPort: the port of the pods, Services and probes.
  { path: 'net.port', effect: 'moves mongod, its Services and probes to this port, while clients, the exporter and the library\'s endpoint use 27017' },
  // psmdb_types.go:ReplsetSpec.CustomReplsetName → container.go:containerArgs `--replSet`.
  { path: 'replication.replSetName', effect: 'names the replica set after this option instead of rs0 (and renames a running one away from its members)' },
  // The flags of pkg/psmdb/container.go:containerArgs, which win over the file:
  { path: 'net.bindIp', effect: 'binds every address (--bind_ip_all), whatever this says' },
  { path: 'net.bindIpAll', effect: 'binds every address (--bind_ip_all), whatever this says' },
  { path: 'storage.dbPath', effect: 'keeps the data in the volume (--dbpath=/data/db), whatever this says' },
  { path: 'storage.engine', effect: 'sets the storage engine (--storageEngine=wiredTiger), whatever this says' },
  { path: 'security.authorization', effect: 'always turns authorization on (--auth)' },
  { path: 'security.keyFile', effect: 'sets cluster authentication (--clusterAuthMode, --keyFile), whatever this says' },
  { path: 'security.clusterAuthMode', effect: 'sets cluster authentication (--clusterAuthMode=x509 under preferTLS), whatever this says' },
  { path: 'sharding.clusterRole', effect: 'sets the member\'s role (--shardsvr, --configsvr) from the cluster\'s sharding' },
  { path: 'storage.wiredTiger.engineConfig.cacheSizeGB', effect: 'sizes the cache from the memory limit (--wiredTigerCacheSizeGB, half of the limit minus 1 GiB)' },
  { path: 'storage.wiredTiger.indexConfig.prefixCompression', effect: 'turns index prefix compression on (--wiredTigerIndexPrefixCompression=true)' },
  { path: 'net.tls.allowInvalidCertificates', effect: 'accepts the certificates it issues (--sslAllowInvalidCertificates), whatever this says' },
  // Encryption at rest: on by default with the operator's key (`--enableEncryption --encryptionKeyFile`, containerArgs);
  // psmdb_defaults.go:ReplsetSpec.IsEncryptionEnabled errors on a non-boolean, and a toggle on existing data stops mongod.
  { path: 'security.enableEncryption', effect: 'encrypts data at rest with its own key, and a change on existing data stops mongod' },
  { path: 'security.encryptionKeyFile', effect: 'encrypts data at rest with its own key (--encryptionKeyFile), whatever this says' },
  // container.go:containerArgs drops its key when security.vault is present, but mounts Vault's token only from
  // spec.secrets.vault (statefulset.go), which the library does not write.
  { path: 'security.vault', effect: 'reads the Vault token only from spec.secrets.vault, which the library does not write' },
  // build/ps-entry.sh (the image's entrypoint) passes the certificates the operator mounts as flags.
  { path: 'net.tls.certificateKeyFile', effect: 'passes its own certificate (--tlsCertificateKeyFile), whatever this says' },
  { path: 'net.tls.CAFile', effect: 'passes its own CA (--tlsCAFile), whatever this says' },
  { path: 'net.tls.clusterFile', effect: 'passes its own member certificate (--tlsClusterFile), whatever this says' },
  { path: 'net.tls.clusterCAFile', effect: 'passes its own CA (--tlsClusterCAFile), whatever this says' },
  // The legacy aliases of net.tls, which mongod refuses next to the operator's --tlsMode flag.
  { path: 'net.ssl', effect: 'sets TLS by flags (--tlsMode and the certificate flags), which mongod refuses to mix with the legacy net.ssl options' },
  // A forking mongod leaves the container without its main process.
  { path: 'processManagement.fork', effect: 'runs mongod as the container\'s main process, which a fork ends' },
];

/**
 * Sections the operator reads as maps: a value there is an error state (MongoConfiguration.GetTLSMode: "tls
 * configuration is invalid"; MongoConfiguration.setEncryptionDefaults: "security configuration section is invalid").
 */
const SECTIONS = ['net', 'net.tls', 'security'];

const isAt = (key: string, path: string) => key === path || key.startsWith(`${path}.`);

/** One rule per option, each naming the operator and what it does. @internal */
export const MONGOD_OPTION_RULES: ReadonlyArray<Rule<ClusterModel>> = [
  ...OPERATOR_OPTIONS.map((option): Rule<ClusterModel> => ({
    prop: 'config',
    value: (m) => Object.keys(m.config).filter((key) => isAt(key, option.path)),
    valid: (m) => !Object.keys(m.config).some((key) => isAt(key, option.path)),
    reason: `${option.path}: the ${PSMDB_OPERATOR} ${option.effect}`,
  })),
  {
    prop: 'config',
    value: (m) => Object.keys(m.config).filter((key) => SECTIONS.includes(key)),
    valid: (m) => !Object.keys(m.config).some((key) => SECTIONS.includes(key)),
    reason: `the ${PSMDB_OPERATOR} reads ${SECTIONS.join(', ')} as sections: set their options (net.compression.compressors), not a value`,
  },
];
