import type { Provider } from '@nestjs/common';
import { AppConfig } from '@duban/config';
import { LocalDiskStorage } from '@duban/storage';

export const FILE_STORAGE = Symbol('FILE_STORAGE');

export const storageProvider: Provider = {
  provide: FILE_STORAGE,
  inject: [AppConfig],
  useFactory: (config: AppConfig) => new LocalDiskStorage(config.STORAGE_DIR),
};
