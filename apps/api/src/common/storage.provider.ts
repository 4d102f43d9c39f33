import type { Provider } from '@nestjs/common';
import { AppConfig } from '@duban/config';
import { createFileStorage, FILE_STORAGE } from '@duban/storage';

export { FILE_STORAGE, createFileStorage };

export const storageProvider: Provider = {
  provide: FILE_STORAGE,
  inject: [AppConfig],
  useFactory: createFileStorage,
};
