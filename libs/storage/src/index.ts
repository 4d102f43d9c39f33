export * from './file-storage';
export * from './local-disk-storage';
export * from './s3-storage';
export * from './file-type';
export * from './sniff-stream';
export * from './content-disposition';
export * from './display-name';
export * from './read-upload';
