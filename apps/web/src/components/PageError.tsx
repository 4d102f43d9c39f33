import { Alert, Button } from 'antd';
import { errorText } from '../hooks';

/** A failed load: the API's Chinese message and a retry. */
export function PageError({ error, retry }: { error: unknown; retry?: () => void }) {
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      title={errorText(error)}
      action={
        retry && (
          <Button size="small" onClick={retry}>
            重试
          </Button>
        )
      }
    />
  );
}
