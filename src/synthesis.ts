import { IConstruct } from 'constructs';

/** The checks registered on each app, by key. */
const REGISTERED = new WeakMap<IConstruct, Set<string>>();
/** Apps a check has run on during the current synthesis, by key. */
const RAN = new WeakMap<IConstruct, Set<string>>();

/**
 * Runs `check` once per synthesis of the app that `construct` belongs to, after every construct has been added.
 * Registering the same `key` again does nothing. cdk8s validates the whole app again for each chart it synthesizes
 * (App._synthChart), so a check bound to validation alone would run once per chart plus one; one synchronous run of
 * cdk8s is one synthesis.
 * @internal
 */
export function onEverySynthesis(construct: IConstruct, key: string, check: () => void): void {
  const root = construct.node.root;
  const registered = REGISTERED.get(root) ?? new Set<string>();
  REGISTERED.set(root, registered);
  if (registered.has(key)) return;
  registered.add(key);
  root.node.addValidation({
    validate: () => {
      const ran = RAN.get(root) ?? new Set<string>();
      RAN.set(root, ran);
      if (ran.has(key)) return [];
      ran.add(key);
      queueMicrotask(() => ran.delete(key));
      check();
      return [];
    },
  });
}
