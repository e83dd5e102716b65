// Turns the package's province/city/area CSV files into one compact TSV: code, name, level, parent code.
// Municipalities and province-administered counties have no prefecture row, so their parent is the province.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [pkgDir, out] = process.argv.slice(2);
const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
const rows = file => readFileSync(join(pkgDir, 'dist', file), 'utf8')
  .split(/\r?\n/).slice(1).filter(Boolean).map(line => line.split(','));

const provinces = rows('province.csv').map(([code, name]) => ({ code, name, level: 'province', parent: '' }));
const cities = rows('city.csv').map(([code, name]) => ({ code, name, level: 'city', parent: code.slice(0, 2) + '0000' }));
const cityCodes = new Set(cities.map(c => c.code));
const counties = rows('area.csv').map(([code, name]) => {
  const prefecture = code.slice(0, 4) + '00';
  return { code, name, level: 'county', parent: cityCodes.has(prefecture) ? prefecture : code.slice(0, 2) + '0000' };
});

const units = [...provinces, ...cities, ...counties].sort((a, b) => a.code.localeCompare(b.code));
const header = [
  `# source: npm ${pkg.name}@${pkg.version} (${pkg.license}), files dist/province.csv dist/city.csv dist/area.csv`,
  '# columns: code (GB/T 2260), name, level (province|city|county), parent code',
];
writeFileSync(out, header.concat(units.map(u => [u.code, u.name, u.level, u.parent].join('\t'))).join('\n') + '\n');
