// as-pect configuration: AssemblyScript unit tests for the guest VM live in
// tests/assembly/*.spec.ts and import the VM sources from assembly/.
export default {
  entries: ["tests/assembly/**/*.spec.ts"],
  include: ["tests/assembly/**/*.include.ts"],
  disclude: [/node_modules/],
  async instantiate(memory, createImports, instantiate, binary) {
    return instantiate(binary, createImports({ env: { memory } }));
  },
  outputBinary: false,
};
