export * from './events';
export * from './api';
export * from './fragments';
export * from './runStatus';
export * from './runResult';
export * from './text';
export * from './oauth';
export * from './servers';
