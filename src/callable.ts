// PyTorch users call classes without `new` (`nn.Linear(3, 1)`); JavaScript classes throw when
// called. `callableClass` wraps a class in a Proxy that constructs on a plain call and otherwise
// is the class itself: `new`, `extends`, `instanceof` and static members all go to the class.

/** A class constructor that may also be called without `new`: `nn.Linear(3, 1)` as well as `new nn.Linear(3, 1)`. */
export type CallableClass<C extends abstract new (...args: never[]) => unknown> = C &
  (C extends new (...args: infer A) => infer R ? (...args: A) => R : never);

/** @internal wraps `cls` so that `cls(...args)` means `new cls(...args)`. */
export function callableClass<C extends abstract new (...args: never[]) => unknown>(cls: C): CallableClass<C> {
  // the implementation classes are named FooImpl; reprs and error messages use the class name
  if (cls.name.endsWith('Impl')) Object.defineProperty(cls, 'name', { value: cls.name.slice(0, -4) });
  return new Proxy(cls, {
    apply(target, _thisArg, args) {
      return Reflect.construct(target as unknown as new (...a: unknown[]) => unknown, args);
    },
  }) as CallableClass<C>;
}

