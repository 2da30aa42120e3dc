module.exports = {
  displayName: 'server',
  preset: '../jest.preset.js',
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  coverageDirectory: '../coverage/server',
};
