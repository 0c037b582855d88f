// The version of kubectl-netpol, in one place: --version, SARIF's tool.driver.version.
export const VERSION = '0.1.0';
